#!/usr/bin/python3
"""Extract the first face of WenQuanYi Micro Hei from Debian's .ttc.

gofpdf only accepts a TrueType (glyf) .ttf, not a .ttc collection, so the
first face ("WenQuanYi Micro Hei", not the Mono one) is saved on its own.

Usage (Debian packages fonts-wqy-microhei and python3-fonttools):
    /usr/bin/python3 assets/fonts/extract.py [SRC.ttc] [OUT.ttf]
"""
import sys

from fontTools.ttLib import TTCollection

SRC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = "assets/fonts/wqy-microhei.ttf"


def main(argv):
    src = argv[1] if len(argv) > 1 else SRC
    out = argv[2] if len(argv) > 2 else OUT
    collection = TTCollection(src)
    face = collection.fonts[0]
    face.save(out)
    name = face["name"].getDebugName(4)
    print(f"{src} face 0 ({name}) -> {out}")


if __name__ == "__main__":
    main(sys.argv)
