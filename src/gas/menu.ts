export function buildMenu(): void { throw new Error('not implemented'); }
export function checkData(): void { throw new Error('not implemented'); }
export function setupTabs(): void { throw new Error('not implemented'); }
export function refreshFormulas(): void { throw new Error('not implemented'); }
