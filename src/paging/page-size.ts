/** Page size of a connection without `first` and `last`. */
export const DEFAULT_PAGE_SIZE = 20;

/** Largest page a connection serves; a larger `first`/`last` is refused as `BAD_USER_INPUT`. */
export const MAX_PAGE_SIZE = 100;
