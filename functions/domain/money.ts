/** Amounts are kept to the cent: every sum, split and remainder is rounded here, in one way. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;
