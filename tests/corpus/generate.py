#!/usr/bin/env python3
"""Writes the hostile-file corpus (tests/corpus/files/) byte for byte.

The files are committed; this script documents how each was made and rebuilds them:
    python3 tests/corpus/generate.py
What each file must do (refused with which code and message, or loaded with which check) is in
manifest.json, written by hand. Two files are too large to commit and are made by the tests
themselves (see "generate" in the manifest): 50 MB of JSON, and one byte over the 16 MB limit.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")

# A small valid evaluation: 预算执行 (rate 95 % of 20 points = 19) and two indicators worth 80
# (培训人数 90 of 100 → 0.9, 投诉率 4 ≤ 5 → 1): total 19 + 80 × 1.9 / 2 = 95.
BASE = {
    "format": "jixiao-evaluation",
    "version": 3,
    "meta": {"title": "语料基准", "department": "测试部门", "year": 2024},
    "root": {
        "id": "total",
        "name": "总分",
        "points": "100",
        "children": [
            {"id": "exec", "name": "预算执行", "points": "20", "rule": {"kind": "rate", "rate": "95"}},
            {
                "id": "ind",
                "name": "绩效指标",
                "points": "80",
                "rule": {
                    "kind": "indicators",
                    "indicators": [
                        {"id": "i1", "name": "培训人数", "direction": "at_least", "target": "100", "unit": "人", "actual": "90"},
                        {"id": "i2", "name": "投诉率", "direction": "at_most", "target": "5", "unit": "%", "actual": "4"},
                    ],
                },
            },
        ],
    },
}


def base():
    return json.loads(json.dumps(BASE))


def text(value):
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def utf8(value):
    return text(value).encode("utf-8")


def node(doc, i):
    return doc["root"]["children"][i]


def indicator(doc, i):
    return doc["root"]["children"][1]["rule"]["indicators"][i]


def with_(change):
    doc = base()
    change(doc)
    return utf8(doc)


FILES = {}


def add(name, data):
    assert name not in FILES, name
    FILES[name] = data if isinstance(data, bytes) else data.encode("utf-8")


BASE_TEXT = text(BASE)

# --- encodings -----------------------------------------------------------------------------------
add("encoding/empty.json", b"")
add("encoding/whitespace-only.json", b"  \n\t\r\n  ")
add("encoding/bom-only.json", b"\xef\xbb\xbf")
add("encoding/utf8-bom.json", b"\xef\xbb\xbf" + BASE_TEXT.encode("utf-8"))
add("encoding/utf16le-bom.json", b"\xff\xfe" + BASE_TEXT.encode("utf-16-le"))
add("encoding/utf16be-bom.json", b"\xfe\xff" + BASE_TEXT.encode("utf-16-be"))
add("encoding/utf16le-no-bom.json", BASE_TEXT.encode("utf-16-le"))
add("encoding/utf16be-no-bom.json", BASE_TEXT.encode("utf-16-be"))
add("encoding/gb18030.json", BASE_TEXT.encode("gb18030"))
add("encoding/latin1.json", text({**base(), "meta": {"title": "Müller – Prüfung"}}).encode("latin-1", errors="replace"))
add("encoding/utf16le-bom-lone-surrogate.json", b"\xff\xfe" + '{"a":"'.encode("utf-16-le") + b"\x00\xd8" + '"}'.encode("utf-16-le"))
add("encoding/utf16le-bom-odd-length.json", b"\xff\xfe" + BASE_TEXT.encode("utf-16-le") + b"\x7b")
add("encoding/overlong-utf8.json", b'{"format":"jixiao-evaluation","version":3,"meta":{"title":"\xc0\xaf"},"root":{}}')

# --- not text at all -----------------------------------------------------------------------------
add("binary/png-renamed.json", bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0f1d5bc0000000049454e44ae426082"))
add("binary/xlsx-renamed.json", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00\x08\x02[Content_Types].xml")
add("binary/pdf-renamed.json", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02\x03\nendstream\n")
add("binary/nul-inside.json", BASE_TEXT.encode("utf-8").replace(b'"95"', b'"9\x005"'))

# --- JSON syntax ---------------------------------------------------------------------------------
add("syntax/truncated.json", BASE_TEXT[: len(BASE_TEXT) // 2])
add("syntax/truncated-in-string.json", BASE_TEXT[: BASE_TEXT.index("培训人数") + 2])
add("syntax/trailing-comma.json", BASE_TEXT.replace('"year": 2024\n', '"year": 2024,\n'))
add("syntax/comment.json", "// 2024 年自评\n" + BASE_TEXT)
add("syntax/single-quotes.json", BASE_TEXT.replace('"format"', "'format'"))
add("syntax/trailing-text.json", BASE_TEXT + "}\n")
add("syntax/two-documents.json", BASE_TEXT + BASE_TEXT)
add("syntax/nan-literal.json", BASE_TEXT.replace('"rate": "95"', '"rate": NaN'))
add("syntax/infinity-literal.json", BASE_TEXT.replace('"rate": "95"', '"rate": Infinity'))
add("syntax/lone-surrogate-escape.json", BASE_TEXT.replace('"name": "总分"', '"name": "\\ud800"'))
add("syntax/raw-newline-in-string.json", BASE_TEXT.replace('"name": "总分"', '"name": "总\n分"'))
add("syntax/deep-array-10000.json", "[" * 10000 + "]" * 10000)
add("syntax/deep-object-10000.json", '{"a":' * 10000 + "1" + "}" * 10000)
add("syntax/html-page.json", "<!DOCTYPE html>\n<html><head><title>绩效自评计算器</title></head><body></body></html>\n")

# --- the top level -------------------------------------------------------------------------------
add("top/array.json", "[" + BASE_TEXT + "]\n")
add("top/string.json", '"jixiao-evaluation"\n')
add("top/null.json", "null\n")
add("top/number-1e400.json", "1e400\n")
add("top/package-json.json", text({"name": "jixiao-e2e", "version": "0.0.0", "private": True}))
add("top/score-report.json", text({"report": "jixiao-score", "report_version": 1, "total": {"score": "95"}}))
add("top/wrong-format.json", text({**base(), "format": "excel-export"}))

# --- versions ------------------------------------------------------------------------------------
add("version/future.json", text({**base(), "version": 5}))
add("version/far-future.json", BASE_TEXT.replace('"version": 3', '"version": 99999999999999999999'))
add("version/zero.json", text({**base(), "version": 0}))
add("version/string.json", text({**base(), "version": "3"}))
add("version/fraction.json", text({**base(), "version": 2.5}))
add("version/missing.json", text({k: v for k, v in base().items() if k != "version"}))


def v1(doc):
    """The first prototype's names: items, reported_score, meta.precision."""
    doc["version"] = 1
    doc["meta"]["precision"] = 2
    root = doc["root"]
    root["items"] = root.pop("children")
    root["reported_score"] = "95"


add("version/v1-legacy.json", with_(v1))

# --- fields --------------------------------------------------------------------------------------
add("fields/unknown-rule-kind.json", with_(lambda d: node(d, 0)["rule"].update(kind="weighted_average")))
add("fields/unknown-direction.json", with_(lambda d: indicator(d, 0).update(direction="greater_than")))
add("fields/unknown-level.json", with_(lambda d: indicator(d, 0).update(direction="qualitative", actual={"level": "excellent"})))
add("fields/missing-meta.json", text({k: v for k, v in base().items() if k != "meta"}))
add("fields/missing-root.json", text({k: v for k, v in base().items() if k != "root"}))
add("fields/missing-node-id.json", with_(lambda d: node(d, 0).pop("id")))
add("fields/missing-points.json", with_(lambda d: node(d, 1).pop("points")))
add("fields/missing-rule-kind.json", with_(lambda d: node(d, 0)["rule"].pop("kind")))
add("fields/missing-indicator-direction.json", with_(lambda d: indicator(d, 1).pop("direction")))
add("fields/extra-top-field.json", with_(lambda d: d.update(comment="请勿修改")))
add("fields/extra-node-field.json", with_(lambda d: node(d, 0).update(weight="2")))
add("fields/extra-indicator-field.json", with_(lambda d: indicator(d, 0).update(score="36")))
add("fields/children-and-rule.json", with_(lambda d: node(d, 0).update(children=[])))
add("fields/neither-children-nor-rule.json", with_(lambda d: node(d, 0).pop("rule")))
add("fields/points-boolean.json", with_(lambda d: node(d, 0).update(points=True)))
add("fields/children-object.json", with_(lambda d: d["root"].update(children={"exec": {}})))
add("fields/name-number.json", with_(lambda d: node(d, 1).update(name=42)))
add("fields/node-is-string.json", with_(lambda d: d["root"]["children"].__setitem__(0, "预算执行")))


def many(doc):
    """Four problems in one file: all are listed, in file order."""
    node(doc, 0)["points"] = "二十"
    node(doc, 0)["rule"]["kind"] = "percent"
    indicator(doc, 0)["direction"] = "up"
    indicator(doc, 1)["colour"] = "red"


add("fields/many-problems.json", with_(many))

# --- ids -----------------------------------------------------------------------------------------
add("ids/duplicate-node-id.json", with_(lambda d: node(d, 1).update(id="exec")))
add("ids/duplicate-indicator-id.json", with_(lambda d: indicator(d, 1).update(id="i1")))
add("ids/indicator-reuses-node-id.json", with_(lambda d: indicator(d, 0).update(id="exec")))
add("ids/empty-id.json", with_(lambda d: indicator(d, 1).update(id="  ")))
add("ids/duplicate-key.json", BASE_TEXT.replace('"rate": "95"', '"rate": "95", "rate": "100"'))

# --- numbers -------------------------------------------------------------------------------------
add("numbers/digits-29.json", with_(lambda d: node(d, 0).update(points="99999999999999999999999999999")))
add("numbers/digits-40-json-number.json", BASE_TEXT.replace('"points": "20"', '"points": 1234567890123456789012345678901234567890'))
add("numbers/exponent-1e400.json", BASE_TEXT.replace('"points": "20"', '"points": 1e400'))
add("numbers/exponent-1e400-text.json", with_(lambda d: node(d, 0)["rule"].update(rate="1e400")))
add("numbers/exponent-minus-400.json", BASE_TEXT.replace('"target": "100"', '"target": 1e-400'))
add("numbers/fraction-31-places.json", with_(lambda d: indicator(d, 0).update(actual="0.1234567890123456789012345678901")))
add("numbers/nan-text.json", with_(lambda d: node(d, 0)["rule"].update(rate="NaN")))
add("numbers/infinity-text.json", with_(lambda d: indicator(d, 0).update(target="-Infinity")))
add("numbers/hex.json", with_(lambda d: indicator(d, 0).update(actual="0x5A")))
add("numbers/comma-decimal.json", with_(lambda d: node(d, 0)["rule"].update(rate="95,5")))
add("numbers/empty-text.json", with_(lambda d: node(d, 1).update(points="")))
add("numbers/year-too-large.json", with_(lambda d: d["meta"].update(year=99999999999)))
add("numbers/display-decimals-negative.json", with_(lambda d: d["meta"].update(display_decimals=-1)))

# --- files that load, and are flagged ------------------------------------------------------------
add("flagged/negative-points.json", with_(lambda d: node(d, 0).update(points="-20")))
add("flagged/zero-target-positive-actual.json", with_(lambda d: indicator(d, 1).update(target="0", actual="3")))
add("flagged/zero-target-at-least.json", with_(lambda d: indicator(d, 0).update(target="0", actual="5")))
add("flagged/negative-actual.json", with_(lambda d: indicator(d, 0).update(actual="-90")))
add("flagged/negative-weight.json", with_(lambda d: indicator(d, 0).update(weight="-1")))
add("flagged/missing-target.json", with_(lambda d: indicator(d, 0).pop("target")))


def zero_schedule(doc):
    node(doc, 0)["rule"] = {"kind": "monthly_execution", "months": [{"month": "3月", "rate": "20", "schedule": "0"}]}


add("flagged/zero-schedule.json", with_(zero_schedule))


def overflow(doc):
    node(doc, 0)["points"] = "79228162514264337593543950335"
    node(doc, 0)["rule"]["rate"] = "100"


add("flagged/overflow.json", with_(overflow))
add("flagged/manual-out-of-range.json", with_(lambda d: node(d, 0).update(rule={"kind": "manual", "score": "25", "reason": "专家评分"})))


def bad_cap(doc):
    doc["meta"]["total_caps"] = {"rate_node": "no-such-node", "caps": [{"below": "80", "cap": "89"}]}


add("flagged/cap-node-missing.json", with_(bad_cap))


def hostile_text(doc):
    """Markup and script in every text a file carries: it must show as text and do nothing."""
    doc["meta"]["title"] = '<img src=x onerror="window.__xss=\'title\'">'
    doc["meta"]["department"] = "</title><script>window.__xss='department'</script>"
    doc["meta"]["notes"] = "javascript:window.__xss='notes'"
    node(doc, 0)["name"] = '<img src=x onerror="window.__xss=\'name\'">预算执行'
    node(doc, 0)["note"] = "<a href=\"javascript:window.__xss='note'\">点此</a>"
    indicator(doc, 0)["name"] = '"><svg onload="window.__xss=\'indicator\'">'
    indicator(doc, 0)["deviation_reason"] = "<script>window.__xss='reason'</script>偏差原因"
    indicator(doc, 0)["unit"] = "<b>人</b>"
    indicator(doc, 1)["id"] = 'i2"]<img src=x onerror=window.__xss=1>'
    indicator(doc, 1)["target_text"] = "{{constructor.constructor('window.__xss=1')()}}"


add("flagged/markup-in-text.json", with_(hostile_text))


# --- inputs fuzzing found crashing, as files ------------------------------------------------------


def tiny_total_many_places(doc):
    """fuzz/score found it: 40 display places on a total of 10^-28 made printing the total panic."""
    doc["meta"]["display_decimals"] = 40
    doc["root"] = {"id": "total", "name": "总分", "points": "0.0000000000000000000000000001", "rule": {"kind": "rate", "rate": "100"}}


add("regressions/display-decimals-40-tiny-total.json", with_(tiny_total_many_places))
# fuzz/score found it: goal seek on a target with 28 places asked for a 32-place step and panicked.
add("regressions/goal-seek-28-place-target.json", with_(lambda d: indicator(d, 0).update(target="0.0000000000000000000000000001")))


def main():
    for name, data in FILES.items():
        path = os.path.join(OUT, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    print(f"{len(FILES)} files in {OUT}")


if __name__ == "__main__":
    main()
