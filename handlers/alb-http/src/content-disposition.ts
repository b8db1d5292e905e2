/**
 * `attachment` with the filename twice (RFC 6266): an ASCII fallback for old clients and the
 * exact UTF-8 name as `filename*` (RFC 8187 percent-encoding).
 */
export const attachmentDisposition = (name: string): string => {
  // A lone surrogate would make encodeURIComponent throw; U+FFFD is what a browser would show.
  const filename = name.toWellFormed()
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
