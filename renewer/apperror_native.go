//go:build !js

package renewer

import (
	"crypto/tls"
	"net/http"
)

// platformMarks returns what a redactedError keeps of err for the native
// transport's documented checks: http.ErrSchemeMismatch (an https URL
// answered in plain HTTP), and a copy of its
// *tls.CertificateVerificationError, whose Err is reduced to its scrubbed
// text.
func platformMarks(err error, s scrubber) []error {
	var marks []error
	if safeIs(err, http.ErrSchemeMismatch) {
		marks = append(marks, http.ErrSchemeMismatch)
	}
	var cve *tls.CertificateVerificationError
	if safeAs(err, &cve) && cve != nil {
		cp := &tls.CertificateVerificationError{UnverifiedCertificates: cve.UnverifiedCertificates}
		if cve.Err != nil {
			cp.Err = &redactedError{msg: s.Text(safeText(cve.Err))}
		}
		marks = append(marks, cp)
	}
	return marks
}
