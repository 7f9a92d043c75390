package kb

import (
	"bufio"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"wpscheck/app/diagnosis"
	"wpscheck/app/i18n"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/seed_fingerprint.txt from the article")

// The guidance must be written in our own words: no Chinese sentence of
// the product may share a run of ownWordsRun Chinese characters with the
// support article it draws on. The article lives outside the repository
// (../shared/seeds/ beside a checkout, or $WPSCHECK_SEEDS); the repository
// keeps only a fingerprint of it, the hashes of every such run, so the
// test works on a clean clone without committing the article's text.
const (
	ownWordsRun     = 15
	fingerprintFile = "testdata/seed_fingerprint.txt"
)

// seedsDir is where the article(s) are when they are there.
func seedsDir() string {
	if d := os.Getenv("WPSCHECK_SEEDS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "seeds")
}

// hanOnly keeps the Chinese characters of s, in order: punctuation, Latin
// letters, digits and spaces are dropped, so a copied run is found even
// when its punctuation or a "WPS" in it was changed.
func hanOnly(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			out = append(out, r)
		}
	}
	return out
}

// runHash is the fingerprint of one run of Chinese characters.
func runHash(run []rune) string {
	h := fnv.New64a()
	h.Write([]byte(string(run)))
	return fmt.Sprintf("%016x", h.Sum64())
}

// runs calls f with every run of ownWordsRun consecutive Chinese
// characters of s (as hanOnly keeps them).
func runs(s string, f func(run []rune)) {
	h := hanOnly(s)
	for i := 0; i+ownWordsRun <= len(h); i++ {
		f(h[i : i+ownWordsRun])
	}
}

// seedFingerprint hashes every run of the article(s) in dir; ok is false
// when there is no article there.
func seedFingerprint(t *testing.T, dir string) (set map[string]bool, texts []string, ok bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		return nil, nil, false
	}
	set = map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		texts = append(texts, string(b))
		runs(string(b), func(run []rune) { set[runHash(run)] = true })
	}
	return set, texts, true
}

func readFingerprint(t *testing.T) (map[string]bool, bool) {
	t.Helper()
	f, err := os.Open(fingerprintFile)
	if os.IsNotExist(err) {
		return nil, false
	}
	require.NoError(t, err)
	defer f.Close()
	set := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		require.Len(t, line, 16, "%s: not a hash: %q", fingerprintFile, line)
		set[line] = true
	}
	require.NoError(t, sc.Err())
	return set, true
}

func writeFingerprint(t *testing.T, set map[string]bool) {
	t.Helper()
	var hs []string
	for h := range set {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	var b strings.Builder
	b.WriteString("# Fingerprint of the support article(s) in ../shared/seeds/ (not part of this repository):\n")
	b.WriteString("# the FNV-1a 64 hash of every run of " + strconv.Itoa(ownWordsRun) + " consecutive Chinese characters, other\n")
	b.WriteString("# characters removed. TestOwnWords checks the guidance against it. Regenerate with\n")
	b.WriteString("#   go test ./app/kb -run TestOwnWords -update\n")
	for _, h := range hs {
		b.WriteString(h + "\n")
	}
	require.NoError(t, os.WriteFile(fingerprintFile, []byte(b.String()), 0o644))
}

// productTexts returns every Chinese sentence the product shows: the
// knowledge base as built (tips, every entry's steps on every system, the
// in-app steps of every app, labels), and every Chinese string literal of
// the diagnosis and UI packages' sources.
func productTexts(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(where string, s string) {
		if len(hanOnly(s)) > 0 {
			out[s] = where
		}
	}
	add("intro", Intro().ZH)
	for _, tip := range Tips().All() {
		add("tip "+tip.ID, tip.Title.ZH)
		for _, p := range tip.Points {
			add("tip "+tip.ID, p.ZH)
		}
	}
	for _, id := range diagnosis.AllFindingIDs() {
		for _, app := range append(diagnosis.AllInApps(), diagnosis.InAppNone) {
			e := GuideFor(id, app)
			add(string(id)+" title", e.Title.ZH)
			add(string(id)+" why", e.Why.ZH)
			for os, steps := range e.Steps {
				for _, s := range steps {
					add(string(id)+"/"+string(os), s.ZH)
				}
			}
		}
	}
	for _, s := range diagnosis.AllSymptoms() {
		add("symptom", s.Label(i18n.ZH))
	}
	// Every Chinese string literal of the packages that write to people.
	for _, dir := range []string{".", filepath.Join("..", "diagnosis"), filepath.Join("..", "report"), filepath.Join("..", "ui")} {
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			require.NoError(t, err)
			ast.Inspect(af, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						add(fset.Position(lit.Pos()).String(), s)
					}
				}
				return true
			})
		}
	}
	return out
}

// TestOwnWords fails when a Chinese sentence of the product shares a run
// of ownWordsRun Chinese characters with the support article.
func TestOwnWords(t *testing.T) {
	seeds, seedTexts, haveSeeds := seedFingerprint(t, seedsDir())
	kept, haveKept := readFingerprint(t)
	var set map[string]bool
	switch {
	case haveSeeds && *update:
		writeFingerprint(t, seeds)
		set = seeds
	case haveSeeds && haveKept:
		require.Equal(t, len(seeds), len(kept), "%s is stale (the article in %s changed): run go test -run TestOwnWords -update", fingerprintFile, seedsDir())
		for h := range seeds {
			require.True(t, kept[h], "%s is stale (the article in %s changed): run go test -run TestOwnWords -update", fingerprintFile, seedsDir())
		}
		set = seeds
	case haveSeeds:
		t.Fatalf("%s is missing: run go test -run TestOwnWords -update to write it from %s", fingerprintFile, seedsDir())
	case haveKept:
		t.Logf("no article in %s: checking against the kept fingerprint %s", seedsDir(), fingerprintFile)
		set = kept
	default:
		t.Skipf("\n\n*** SKIPPING TestOwnWords: neither the article (%s, or $WPSCHECK_SEEDS) nor %s is here. ***\n", seedsDir(), fingerprintFile)
	}
	require.Greater(t, len(set), 500, "the fingerprint holds too few runs to be the article")

	// The check can fail: a run taken from the article is caught.
	if haveSeeds {
		found := false
		runs(seedTexts[0], func(run []rune) { found = found || set[runHash(run)] })
		require.True(t, found, "a run of the article itself is not recognised")
	}

	texts := productTexts(t)
	require.Greater(t, len(texts), 300, "too few product texts found")
	var copied []string
	for s, where := range texts {
		runs(s, func(run []rune) {
			if set[runHash(run)] {
				copied = append(copied, fmt.Sprintf("%s: %q shares %q with the article", where, s, string(run)))
			}
		})
	}
	slices.Sort(copied)
	copied = slices.Compact(copied)
	assert.Empty(t, copied, "write these in our own words:\n%s", strings.Join(copied, "\n"))
}
