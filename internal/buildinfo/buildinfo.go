// Package buildinfo says which build of Amtsbote is running: the version
// stamped at release (make release: -ldflags "-X amtsbote/internal/buildinfo.version=v1.2.3"),
// the Go version, and the VCS revision from debug.ReadBuildInfo.
package buildinfo

import "runtime/debug"

// version and revision are set at link time (-X); revision is the fallback
// for builds without VCS data (a source tarball).
var (
	version  = "dev"
	revision = "unknown"
)

// Info is one build's identity.
type Info struct {
	Version   string // v1.2.3 from the tag, or "dev"
	GoVersion string // go1.26.8
	Revision  string // the git commit, "-dirty" appended for a modified tree
}

// Get returns the running binary's build.
func Get() Info {
	i := Info{Version: version, GoVersion: "unknown", Revision: revision}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return i
	}
	i.GoVersion = bi.GoVersion
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			i.Revision = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && i.Revision != "unknown" {
		i.Revision += "-dirty"
	}
	if i.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		i.Version = bi.Main.Version // go install amtsbote/cmd/amtsbote@v1.2.3
	}
	return i
}
