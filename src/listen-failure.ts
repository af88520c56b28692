/**
 * The one-line explanation of why the server could not listen, naming the setting to change
 * (`PORT` or `HOST`), or `undefined` for an error that is not about those settings.
 */
export function listenFailureMessage(
  error: unknown,
  settings: { port: number; host: string },
): string | undefined {
  const { port, host } = settings;
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return `PORT ${port} is already in use on ${host}: stop the other server or set PORT to a free port.`;
    case 'EACCES':
      return `PORT ${port} may not be opened by this user on ${host}: set PORT to 1024 or above.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `HOST "${host}" does not resolve to an address: set HOST to an address of this machine, such as 0.0.0.0 or 127.0.0.1.`;
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return `HOST "${host}" is not an address of this machine: set HOST to one, such as 0.0.0.0 or 127.0.0.1.`;
    default:
      return undefined;
  }
}
