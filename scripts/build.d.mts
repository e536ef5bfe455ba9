// Types of scripts/build.mjs (plain JavaScript, run by node before anything is compiled).
export declare const SERVER_BUILD: string;
export declare function isBuildStale(): boolean;
export declare function buildIfNeeded(): void;
