import { describe, expect, it } from 'vitest';
import { checkTarget, compileScope, parseTarget, splitTargets } from './scope';

const scope = compileScope({ domains: ['example.com', '*.corp.test'], cidrs: ['10.0.0.0/24', '192.0.2.7', '2001:db8::/32'] });

describe('splitTargets', () => {
  it('splits on lines and commas, trims, drops blanks and repeats', () => {
    expect(splitTargets(' a.example.com, b.example.com\n\n10.0.0.1 ,a.example.com,')).toEqual([
      'a.example.com',
      'b.example.com',
      '10.0.0.1',
    ]);
  });
});

describe('parseTarget', () => {
  it('reads the kinds of target the server accepts', () => {
    expect(parseTarget('10.0.0.5').kind).toBe('address');
    expect(parseTarget('10.0.0.0/28').kind).toBe('cidr');
    expect(parseTarget('10.0.0.5/32').kind).toBe('address');
    expect(parseTarget('2001:db8::1').kind).toBe('address');
    expect(parseTarget('::ffff:10.0.0.1').kind).toBe('address');
    expect(parseTarget('WWW.Example.COM.')).toEqual({ kind: 'name', name: 'www.example.com' });
    expect(parseTarget('https://app.example.com:8443/login')).toMatchObject({ kind: 'url', host: 'app.example.com' });
    expect(parseTarget('http://[2001:db8::5]/')).toMatchObject({ kind: 'url', host: '2001:db8::5' });
  });

  it('refuses what the server refuses, with the reason', () => {
    expect(parseTarget('10.0.0.256')).toEqual({ kind: 'invalid', reason: 'badIpv4' });
    expect(parseTarget('10.0.0.1/33')).toEqual({ kind: 'invalid', reason: 'badPrefix' });
    expect(parseTarget('host.example.com:443')).toEqual({ kind: 'invalid', reason: 'hostPort' });
    expect(parseTarget('2001:db8:::1')).toEqual({ kind: 'invalid', reason: 'badIpv6' });
    expect(parseTarget('ftp://example.com/')).toEqual({ kind: 'invalid', reason: 'urlScheme' });
    expect(parseTarget('bad_name.example.com')).toEqual({ kind: 'invalid', reason: 'hostName' });
    expect(parseTarget('-a.example.com')).toEqual({ kind: 'invalid', reason: 'hostName' });
  });
});

describe('checkTarget', () => {
  it('lets a domain cover itself and every name under it, but not look-alikes', () => {
    expect(checkTarget(scope, 'example.com')).toMatchObject({ status: 'in', by: 'domain', rule: 'example.com' });
    expect(checkTarget(scope, 'a.b.example.com')).toMatchObject({ status: 'in', rule: 'example.com' });
    expect(checkTarget(scope, 'www.corp.test')).toMatchObject({ status: 'in', rule: 'corp.test' });
    expect(checkTarget(scope, 'badexample.com')).toMatchObject({ status: 'out', kind: 'name' });
    expect(checkTarget(scope, 'example.com.evil.org')).toMatchObject({ status: 'out', kind: 'name' });
  });

  it('matches addresses and ranges against the CIDR ranges', () => {
    expect(checkTarget(scope, '10.0.0.200')).toMatchObject({ status: 'in', by: 'range', rule: '10.0.0.0/24' });
    expect(checkTarget(scope, '10.0.1.1')).toMatchObject({ status: 'out', kind: 'address' });
    expect(checkTarget(scope, '192.0.2.7')).toMatchObject({ status: 'in', rule: '192.0.2.7' });
    expect(checkTarget(scope, '192.0.2.8')).toMatchObject({ status: 'out' });
    expect(checkTarget(scope, '10.0.0.128/25')).toMatchObject({ status: 'in', rule: '10.0.0.0/24' });
    expect(checkTarget(scope, '10.0.0.0/23')).toMatchObject({ status: 'out', kind: 'range' });
    expect(checkTarget(scope, '2001:db8:1::/48')).toMatchObject({ status: 'in', rule: '2001:db8::/32' });
    expect(checkTarget(scope, '2001:db9::1')).toMatchObject({ status: 'out' });
  });

  it('keeps IPv4 and IPv6 apart: an IPv4-mapped address is an IPv6 target', () => {
    expect(checkTarget(scope, '::ffff:10.0.0.1')).toMatchObject({ status: 'out', kind: 'address', mapped: true });
  });

  it('judges a URL by its host', () => {
    expect(checkTarget(scope, 'https://portal.example.com/x')).toMatchObject({ status: 'in', by: 'domain' });
    expect(checkTarget(scope, 'http://10.0.0.9:8080/')).toMatchObject({ status: 'in', by: 'range' });
    expect(checkTarget(scope, 'https://user:pw@evil.org/')).toMatchObject({ status: 'out', kind: 'name' });
  });

  it('finds nothing in scope when the scope is empty', () => {
    expect(checkTarget(compileScope({}), 'example.com')).toMatchObject({ status: 'out' });
  });
});
