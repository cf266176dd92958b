export function fastkostnad(kommun: unknown, ar: unknown, beroende: unknown): unknown { throw new Error('not implemented'); }
export function dagavgift(kursId: unknown, beroende: unknown): unknown { throw new Error('not implemented'); }
export function deltagardagar(kommun: unknown, fran: unknown, till: unknown, beroende: unknown): unknown { throw new Error('not implemented'); }
export function rorligkostnad(kommun: unknown, fran: unknown, till: unknown, beroende: unknown): unknown { throw new Error('not implemented'); }
export function utbildarpott(ar: unknown, kommun: unknown, beroende: unknown): unknown { throw new Error('not implemented'); }
