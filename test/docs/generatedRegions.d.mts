export declare const ROOT: string;
export declare function documents(): string[];
export declare function regionsOf(document: string): Array<{ readonly args: string; readonly current: string }>;
export declare function regenerate(args: string): string;
export declare function updateAll(): string[];
