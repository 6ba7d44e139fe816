"""The tutors' web view: an adapter over the services, like cogs/ (aiohttp.web, Jinja2)."""
