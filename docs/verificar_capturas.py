# Checks, as any auditor can, that every published acta of a corte comes from signed captures:
# each capture hashes to its name and is signed by the operator it names (capturas/operadores.csv),
# two agreeing captures are two operators' (or a third decided a real discrepancy), and the CSV row
# shows exactly the deciding capture's figures. Python 3 and PyNaCl (Debian's python3-nacl).
# Usage: python3 verificar_capturas.py CORTE [CAPTURAS]   (CAPTURAS default: CORTE/../../capturas)
# Check the corte's signature first (signify-openbsd -C -p KEY.pub -x SHA256.sig, in CORTE).
import base64, csv, hashlib, json, os, sys
from nacl.signing import VerifyKey

corte = sys.argv[1]
capturas = sys.argv[2] if len(sys.argv) > 2 else os.path.join(corte, "..", "..", "capturas")
manifest = json.load(open(os.path.join(corte, "manifest.json"), encoding="utf-8"))
operators = {}  # keynum -> (name, key)
for row in csv.DictReader(open(os.path.join(corte, "capturas/operadores.csv"), newline="", encoding="utf-8")):
    key = base64.b64decode(row["CLAVE_PUBLICA"])
    operators[key[2:10]] = (row["OPERADOR"], VerifyKey(key[10:42]))

def capture(sha, acta):
    # HASH.json.sig: the operator's signature (two lines), then the JSON it signs (signify -S -e).
    path = os.path.join(capturas, sha + ".json.sig")
    _, b64, data = open(path, "rb").read().split(b"\n", 2)
    if not data:  # published before signatures were embedded: the JSON is HASH.json beside it
        path = os.path.join(capturas, sha + ".json")
        data = open(path, "rb").read()
    assert hashlib.sha256(data).hexdigest() == sha, f"{path} does not hash to its name"
    sig = base64.b64decode(b64)
    assert sig[:2] == b"Ed" and sig[2:10] in operators, f"{path}: signed by no registered key"
    name, key = operators[sig[2:10]]
    key.verify(data, sig[10:74])  # raises BadSignatureError
    doc = json.loads(data)
    assert doc["operador"] == name and doc["acta"] == acta, f"{path}: claims {doc['operador']}, signed by {name}"
    return doc

def figures(doc):
    return (doc["totales"], doc["votos"])

TOTALS = {"boletas_sobrantes": ["TOTAL_BOLETAS_SOBRANTES"], "personas_votaron": ["TOTAL_PERSONAS_VOTARON", "PERSONAS_VOTARON"],
          "representantes_votaron": ["TOTAL_REP_PARTIDO_CI_VOTARON"], "votos_sacados": ["TOTAL_VOTOS_SACADOS"],
          "total_asentado": ["TOTAL_VOTOS_ASENTADO"]}
WORDS = {"ilegible": "ilegible", "sin dato": "sin dato"}
IECM = {"GUB": "JG", "DIP_LOC": "DIP", "ALC": "ALC"}

def cell(text):  # a figure cell as the capture writes it; None when the acta has no such figure
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    return WORDS.get(t)

rows = {}  # acta key -> CSV row
for name in sorted(os.listdir(os.path.join(corte, "datos"))):
    if not name.endswith(".csv") or "_CANDIDATURAS_" in name:
        continue
    lines = open(os.path.join(corte, "datos", name), encoding="utf-8-sig", newline="").read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("CLAVE_CASILLA,"))
    tag = "_".join(name[:-4].split("_")[1:-1])
    for row in csv.DictReader(lines[start:]):
        if row["CONTABILIZADA"] in ("-", ""):
            continue  # pending
        if manifest.get("profile") == "iecm-2024":
            key = row["CLAVE_CASILLA"] + "-" + IECM.get(tag, tag) + ("-RP" if row["TIPO_ACTA"].endswith("RP") else "")
        else:
            key = row["CLAVE_ACTA"].strip("'")
        rows[key] = row

backed = 0
for entry in csv.DictReader(open(os.path.join(corte, "capturas/actas.csv"), newline="", encoding="utf-8")):
    acta, result, shas = entry["CLAVE_ACTA"], entry["RESULTADO"], entry["CAPTURAS"].split()
    docs = [capture(s, acta) for s in shas]
    assert len({d["operador"] for d in docs}) == len(docs), f"{acta}: one operator twice"
    named = (entry.get("OPERADORES") or "").split()  # empty in cortes made before the column
    assert not named or named == [d["operador"] for d in docs], f"{acta}: OPERADORES {named}, signed by {[d['operador'] for d in docs]}"
    row = rows[acta]
    if result == "sinacta":
        assert len(docs) == 1 and "causa" in docs[0], f"{acta}: not a sin acta declaration"
        backed += 1
        continue
    if result == "verificada":
        assert len(docs) == 2 and figures(docs[0]) == figures(docs[1]), f"{acta}: the two captures differ"
    else:
        assert result == "tercera" and len(docs) == 3 and figures(docs[0]) != figures(docs[1]), f"{acta}: no real discrepancy"
    totals, votes = figures(docs[-1])
    for column, value in votes.items():
        assert cell(row[column]) == value, f"{acta}: {column} is {row[column]!r} in the CSV, {value!r} in its captures"
    for total, value in totals.items():
        column = next(c for c in TOTALS[total] if c in row)
        assert cell(row[column]) == value, f"{acta}: {column} is {row[column]!r} in the CSV, {value!r} in its captures"
    backed += 1
if manifest.get("operators_authenticated"):
    assert backed == len(rows), f"{len(rows) - backed} published actas have no signed captures"
print(f"ok: {backed} of {len(rows)} published actas backed by signed captures")
