#!/usr/bin/env python3
"""Write Nexis Uni Word exports (.docx) of many articles each, for timing how a folder of
them is read: FILES exports of PER_FILE articles, each in Nexis Uni's layout (headline, outlet,
date, copyright, labelled fields, Body, ten paragraphs of about 60 words, Load-Date,
End of Document, a page break), with the run formatting Word writes around every paragraph.

    python3 benches/nexis_uni_exports.py DIR FILES PER_FILE

e.g. `python3 benches/nexis_uni_exports.py /tmp/nexis 10 500` (5,000 articles, 3.7 MB).
"""
import os
import random
import sys
import zipfile

WORDS = (
    "harbour council vote quota fishermen bridge ferry storm court jury trial said the a of to "
    "in and for on with minister report budget port dredging night week police market"
).split()


def paragraph(text):
    """One Word paragraph with the spacing and run formatting an export carries."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<w:p><w:pPr><w:spacing w:after="120" w:line="260"/><w:jc w:val="left"/></w:pPr>'
        '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
        '<w:color w:val="000000"/><w:sz w:val="20"/></w:rPr>'
        '<w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text
    )


def document(articles, number, rng):
    """word/document.xml of one export."""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    ]
    for i in range(articles):
        day = 1 + i % 28
        head = [
            "Harbour report number %d of file %d" % (i, number),
            "Coastal Herald",
            "March %d, 2024 Monday" % day,
            "Copyright 2024 Coastal Herald",
            "Section:\u00a0NEWS; Pg. 2",
            "Length:\u00a0600 words",
            "Byline:\u00a0Niamh Carrow-Bell",
            "Body",
        ]
        text = [" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(10)]
        tail = ["Load-Date:\u00a0March %d, 2024" % day, "End of Document"]
        out.extend(paragraph(p) for p in head + text + tail)
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    out.append("</w:body></w:document>")
    return "".join(out)


def main():
    folder, files, per_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(3)
    os.makedirs(folder, exist_ok=True)
    for number in range(files):
        path = os.path.join(folder, "export-%03d.docx" % number)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns='
                '"http://schemas.openxmlformats.org/package/2006/content-types"/>',
            )
            package.writestr("word/document.xml", document(per_file, number, rng))


if __name__ == "__main__":
    main()
