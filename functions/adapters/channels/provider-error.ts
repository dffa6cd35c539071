/**
 * Recognising AWS SDK service exceptions. We match on `name` rather than `instanceof` because a bundle
 * can hold two copies of a client package, and then the classes differ while the names do not.
 */
export type ProviderError = Error & Record<string, unknown>;

export function isProviderError(error: unknown, ...names: string[]): error is ProviderError {
  return error instanceof Error && names.includes(error.name);
}

/** The modelled `Reason` field some services put on their exceptions, if present. */
export function reasonOf(error: ProviderError): string | undefined {
  return typeof error.Reason === 'string' ? error.Reason : undefined;
}

/**
 * A short description for our own error messages: exception name and reason only. The provider's free
 * text is left out on purpose -- it can quote the destination address, and these messages end up in
 * execution history and the ledger.
 */
export function describe(error: ProviderError): string {
  const reason = reasonOf(error);
  return reason ? `${error.name} (${reason})` : error.name;
}
