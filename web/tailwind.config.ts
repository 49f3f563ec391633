import type { Config } from 'tailwindcss';

export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  darkMode: 'class',
  theme: {
    extend: {
      colors: {
        brand: {
          50: '#eef5ff',
          100: '#d9e8ff',
          500: '#2f6fed',
          600: '#1f56c9',
          700: '#1a45a0',
        },
      },
    },
  },
  plugins: [],
} satisfies Config;
