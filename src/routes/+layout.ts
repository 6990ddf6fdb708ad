// Every page is prerendered: the app is a static site with no server.
export const prerender = true;
export const ssr = true;
export const trailingSlash = 'never';
