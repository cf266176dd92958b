export function openSendDialog(): void { throw new Error('not implemented'); }
export function sendingList(): unknown { throw new Error('not implemented'); }
export function sendingSend(request: unknown): unknown { throw new Error('not implemented'); }
export function sendingTest(request: unknown): unknown { throw new Error('not implemented'); }
export function sendingResend(request: unknown): unknown { throw new Error('not implemented'); }
