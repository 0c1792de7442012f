import reflex as rx
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request):
    return JSONResponse({"status": "ok"})

api = Starlette(routes=[Route("/health", health)])

def index():
    return rx.text("hello")

app = rx.App(api_transformer=api)
app.add_page(index, route="/")
