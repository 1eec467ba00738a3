/**
 * The custom server stamps every request with the peer address in this header,
 * overwriting anything a client sent, so handlers can trust it.
 */
export const CLIENT_IP_HEADER = 'x-mockroom-client-ip';

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function clientIpFrom(headers: HeaderBag): string {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  return (Array.isArray(value) ? value[0] : value) || 'unknown';
}
