"""The review desk's routes, one router per part: `auth` (sign-in, language), `review` (queue, cases,
referrals, dashboard), `admin` (uploads, accounts), `registry` (the registrar's pages), `public` (the
public sighting form).
Each route states who may use it through `huijia.web.deps.allowed` / `allowed_form`."""
