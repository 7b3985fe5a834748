"""Draws the app icon: ``ki-werkstatt.ico`` (Windows: start menu, installed programs) and
``ki-werkstatt.png`` (the window). Run once after a change; both outputs are committed.

    .venv/bin/python resources/icons/make_icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
SIZE = 256
RED = (175, 25, 35, 255)  # the red of Lübeck's coat of arms, roughly
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=RED)
    font = ImageFont.truetype(FONT, 120)
    left, top, right, bottom = pen.textbbox((0, 0), "KI", font=font)
    pen.text(((SIZE - right + left) / 2 - left, (SIZE - bottom + top) / 2 - top - 14), "KI",
             font=font, fill="white")
    pen.rectangle((60, 196, 196, 206), fill="white")  # the line of a draft under the letters
    return image


if __name__ == "__main__":
    icon = draw()
    icon.save(HERE / "ki-werkstatt.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    icon.save(HERE / "ki-werkstatt.png")
