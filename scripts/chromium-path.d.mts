// Types for chromium-path.mjs, which TypeScript code (the browser benchmark) imports.
export declare const CHROMIUM_CANDIDATES: string[];
export declare function findChromium(): string | null;
