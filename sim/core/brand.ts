/** A nominal type: a `T` that the compiler keeps apart from other `T`s with a different tag. */
export type Brand<T, Tag extends string> = T & { readonly __brand: Tag };
