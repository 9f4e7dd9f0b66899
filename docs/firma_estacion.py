# Signs a capture or sin acta drop as its operator, as `signify-openbsd -S -s OP.sec -m FILE`
# does, for a capture station without signify or prep: Python 3 and PyNaCl (Debian's
# python3-nacl). Usage: python3 firma_estacion.py OP.sec FILE   (writes FILE.sig)
# The key is an unencrypted signify secret key (prep keygen, or signify-openbsd -G -n).
import base64, os, sys
import nacl.signing

sec_path, file_path = sys.argv[1], sys.argv[2]
with open(sec_path, "rb") as f:
    lines = f.read().split(b"\n")
key = base64.b64decode(lines[1])
# signify's secret key: "Ed" "BK" kdfrounds(4) salt(16) checksum(8) keynum(8) seed(32) public(32)
assert len(key) == 104 and key[:4] == b"EdBK", "not a signify Ed25519 secret key"
assert key[4:8] == b"\0\0\0\0", "an encrypted key: make one with signify-openbsd -G -n"
keynum, seed = key[32:40], key[40:72]
with open(file_path, "rb") as f:
    message = f.read()
signature = nacl.signing.SigningKey(seed).sign(message).signature
name = os.path.basename(sec_path)
name = name[:-4] if name.endswith(".sec") else name
text = b"untrusted comment: verify with " + name.encode() + b".pub\n"
text += base64.b64encode(b"Ed" + keynum + signature) + b"\n"
# Written under a dot name and renamed, so a watching daemon never sees half a signature.
tmp = os.path.join(os.path.dirname(file_path) or ".", "." + os.path.basename(file_path) + ".sig.part")
with open(tmp, "wb") as f:
    f.write(text)
    f.flush()
    os.fsync(f.fileno())
os.rename(tmp, file_path + ".sig")
