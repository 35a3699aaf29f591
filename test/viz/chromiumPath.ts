// Where the browser tests find Chromium, in one place (the lead may point it at the npm-provided
// browser helper). INTEROP_SIM_CHROMIUM overrides it.
export const chromiumExecutable = (): string => process.env.INTEROP_SIM_CHROMIUM ?? '/usr/bin/chromium';
