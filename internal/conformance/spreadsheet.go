package conformance

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Resave opens the workbook file with LibreOffice, headless, and saves it
// again as an Excel workbook, as a person saving it in LibreOffice Calc
// would: it returns the bytes LibreOffice wrote. Each run has a home folder
// of its own, so that runs at once do not share a profile.
func Resave(file string) ([]byte, error) {
	soffice, err := LibreOffice.find()
	if err != nil {
		return nil, err
	}
	home, err := os.MkdirTemp("", "s55-soffice-home-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(home)
	out := filepath.Join(home, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, file)
	cmd.Env = append(os.Environ(), "HOME="+home)
	output, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("soffice: %w\n%s", err, strings.TrimSpace(string(output)))
	}
	data, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+".xlsx"))
	if err != nil {
		return nil, fmt.Errorf("soffice wrote no workbook: %w\n%s", err, strings.TrimSpace(string(output)))
	}
	return data, nil
}
