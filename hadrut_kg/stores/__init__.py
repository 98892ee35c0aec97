"""Talking to triple stores: the served read-only endpoint, Graph Store Protocol loading, remote SPARQL
endpoints (one client for authentication and retries), and the Oxigraph server process. May import `queries`,
`vocabulary`, `web` (negotiation, caching, CORS) and the process helpers; nothing in `exports`, `links` or
`site`."""
