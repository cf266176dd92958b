export function coveredCodePoints(): number[];
export function fontModuleText(): string;
