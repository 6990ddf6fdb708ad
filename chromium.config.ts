/**
 * The headless Chromium the e2e specs and the browser benches launch: Debian's by default, or
 * CHROMIUM_PATH (for example the one `npx playwright install chromium` downloads, where
 * downloads are possible), with the flags that keep it quiet and let WebGL fall back to
 * SwiftShader on a machine without a GPU.
 */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-swiftshader',
    // e.g. the flags that put headless Chromium's WebGL on a real GPU (DEVELOPERS.md).
    ...(process.env.CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)
  ]
};
