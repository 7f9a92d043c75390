package config

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"slices"
)

// AgentKey returns a key for purpose derived from the configured agent
// token hashes: every replica that shares the configuration derives the
// same key, and it changes when the tokens do. The server uses it for
// what it hands agents and must recognise later (page cursors), never for
// anything a person outside support sees.
func (c *Config) AgentKey(purpose string) []byte {
	hashes := slices.Clone(c.tokenHashes)
	slices.SortFunc(hashes, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	m := hmac.New(sha256.New, []byte("wpscheck agent key"))
	for _, h := range hashes {
		m.Write(h[:])
	}
	k := hmac.New(sha256.New, m.Sum(nil))
	k.Write([]byte(purpose))
	return k.Sum(nil)
}
