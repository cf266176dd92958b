export function openFollowUp(): void { throw new Error('not implemented'); }
