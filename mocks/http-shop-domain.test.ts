import { describe, expect, it } from 'vitest';
import { defaultMockShop, isShopDomain, shopDomainOfHost } from './http-shop-domain.js';

describe('shopDomainOfHost', () => {
  it('takes the shop from a myshopify.com Host header, lower-cased and without the port', () => {
    expect(shopDomainOfHost('Launch.MyShopify.com:8080', defaultMockShop)).toBe('launch.myshopify.com');
    expect(shopDomainOfHost('launch.myshopify.com', defaultMockShop)).toBe('launch.myshopify.com');
  });

  it('falls back to the default shop for loopback, IPv6, other hosts and a missing header', () => {
    expect(shopDomainOfHost('127.0.0.1:4100', defaultMockShop)).toBe(defaultMockShop);
    expect(shopDomainOfHost('[::1]:4100', defaultMockShop)).toBe(defaultMockShop);
    expect(shopDomainOfHost('localhost', 'other.myshopify.com')).toBe('other.myshopify.com');
    expect(shopDomainOfHost('evil.com/x.myshopify.com', defaultMockShop)).toBe(defaultMockShop);
    expect(shopDomainOfHost(undefined, defaultMockShop)).toBe(defaultMockShop);
  });

  it('accepts only well-formed shop domains', () => {
    expect(isShopDomain('funnelstorm-test.myshopify.com')).toBe(true);
    expect(isShopDomain('-x.myshopify.com')).toBe(false);
    expect(isShopDomain('x.example.com')).toBe(false);
  });
});
