// HTTP calls to the host. Refusals come back as { code, message }: the message is the library's, shown as it is.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = null;

/** Fetches a fresh anti-forgery token (again after signing in: tokens are bound to the user). */
export async function refreshCsrf() {
  const response = await fetch('/api/antiforgery', { credentials: 'same-origin' });
  csrfToken = (await response.json()).token;
}

async function call(method, url, { body, headers = {}, form } = {}) {
  const init = { method, credentials: 'same-origin', headers: { ...headers } };
  if (method !== 'GET' && csrfToken) init.headers['X-CSRF-TOKEN'] = csrfToken;
  if (form) init.body = form;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const message = data?.message ?? (response.status === 429 ? 'Too many attempts; wait a minute and try again.' : `The request failed (${response.status}).`);
    throw new ApiError(response.status, data?.code ?? String(response.status), message);
  }
  return data;
}

export const api = {
  get: (url, options) => call('GET', url, options),
  post: (url, body, options) => call('POST', url, { ...options, body }),
  put: (url, body, options) => call('PUT', url, { ...options, body }),
  del: (url, options) => call('DELETE', url, options),
  upload: (url, form, options) => call('POST', url, { ...options, form }),
};

/** The SignalR connection to the host's hub (the vendored client defines window.signalR). */
export function connectHub() {
  return new window.signalR.HubConnectionBuilder()
    .withUrl('/hubs/console')
    .withAutomaticReconnect()
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();
}
