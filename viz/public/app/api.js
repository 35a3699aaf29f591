// Fetches JSON from the viewer's API; an error response becomes an Error with the server's message.
export async function getJson(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`${path}: HTTP ${res.status}`);
  }
  if (!res.ok) throw new Error(body && typeof body.error === 'string' ? body.error : `${path}: HTTP ${res.status}`);
  return body;
}
