/// `prep --version`: this program's version, as a release number. The one place it is written:
/// the executable prints it and the installation test compares against it.
public let versionPrep = "0.12.0"
