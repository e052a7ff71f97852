// Package sniff tells what an uploaded learning resource really is from its first
// bytes (its "magic"), not from the name or the Content-Type the browser sent, and
// refuses programs: executables (PE, ELF, Mach-O, Java classes and jars, Android
// packages, installers) and scripts (anything starting with "#!", and files whose
// names run as programs on Windows or Unix, such as .exe, .bat, .ps1 or .sh).
//
// The bytes win: "bai-giang.pdf" that is really a ZIP is reported as a ZIP, so the
// web layer stores and serves it under the detected type. HTML and SVG are accepted
// on their own but flagged Active, because a browser runs the scripts they may hold:
// the web layer must serve Active files as attachments or from a sandboxed origin.
// HTML or SVG disguised under a raster image name is refused outright.
//
// Detection is delegated to github.com/gabriel-vasile/mimetype, a maintained,
// dependency-free library with several hundred signatures (including the OOXML, ODF,
// EPUB, JAR and APK distinctions inside ZIPs) that reads no more than the head it is
// given. The package never changes mimetype's global settings.
//
// sniff must never read a whole upload into memory: Reader peeks HeadSize bytes and
// hands back a reader that replays them, so uploads stay streaming.
package sniff
