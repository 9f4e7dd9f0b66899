/// `prep --version`: this program's version (the issue series it implements, as a release number).
let versionPrep = "0.12.0"
