// The lesson's blocks are built in code: one small helper for their elements.

/** A new `tag` element with `className` and the other properties in `props`. */
export function element(tag, className, props = {}) {
  return Object.assign(document.createElement(tag), { className, ...props });
}
