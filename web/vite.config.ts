import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API and the WebSocket to a local `palisade serve`. The server accepts a cookie-carried
// WebSocket handshake only from its own Origin, so the proxy presents the target's origin instead of Vite's.
const target = process.env.PALISADE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': {
        target,
        ws: true,
        configure: (proxy) => {
          proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', target));
          proxy.on('proxyReq', (proxyReq) => proxyReq.setHeader('origin', target));
        },
      },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2020',
    // Content-hashed names: the server may cache everything under /assets/ for a year.
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
