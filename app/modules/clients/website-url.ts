/** What the website field of a form accepts, in words the user can act on. */
export const WEBSITE_URL_INPUT_HELP = "Enter the site's address, like acmeshoes.com or https://shop.acmeshoes.com";

// A public host name: dot-separated labels and a top-level domain of letters (or its punycode form).
const HOST_NAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A client's website as typed (`acmeshoes.com`, `www.acmeshoes.com/shop`, `https://acmeshoes.com/`)
 * as one absolute URL: `https://` when no scheme is given, the host in lower case, a bare trailing
 * slash dropped (`https://acmeshoes.com`). Null for anything that is not an http(s) address of a
 * named host (no other scheme, no user or password in it, no IP address or single-word host), so
 * the form can say what to type instead.
 */
export function websiteUrlFrom(input: string): string | null {
  const text = input.trim();
  if (text === "" || /\s/.test(text)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  // "acmeshoes.com:8080/shop" starts like a scheme too; only a colon followed by a port is a host.
  const hasScheme = scheme !== undefined && !/^[^/:]+:\d+(\/|$)/.test(text);
  if (hasScheme && scheme !== "http" && scheme !== "https") return null;
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (hasScheme && !/^https?:\/\/[^/]/i.test(text)) return null;
  if (url.username || url.password) return null;
  if (!HOST_NAME.test(url.hostname)) return null;
  return url.pathname === "/" && !url.search && !url.hash && !/[?#]/.test(text) ? url.origin : url.href;
}
