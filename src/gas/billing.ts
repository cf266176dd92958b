export function openBillingDialog(): void { throw new Error('not implemented'); }
export function billingPreview(request: unknown): unknown { throw new Error('not implemented'); }
export function billingConfirm(request: unknown): unknown { throw new Error('not implemented'); }
