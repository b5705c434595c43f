// `{ key: value }` when the value is defined, `{}` otherwise: builds option objects under
// exactOptionalPropertyTypes without writing the same conditional spread at every call.
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
