// R (generator version 3): an R project whose environment is `renv.lock` (exactly the versions it
// locks, restored with renv), an `install.R` script (run as repo2docker runs it) or a package
// `DESCRIPTION` (its dependencies installed). The base image is rocker/r-ver at the R version the
// lock records (base-image choice in dockerfile.ts). Packages go to a library under /opt, readable
// by the unprivileged user the command runs as.
import { namedFileOfKind, type Recipe } from './recipe';

/** Where the R packages are installed, and the package repository a restore falls back to. */
const R_LIBRARY = '/opt/r-library';
const CRAN = 'https://cloud.r-project.org';

/** R code inside a single-quoted shell word: the paths in it are fixed names (namedFileOfKind), never a `'`. */
const rCommand = (code: string): string => `R --quiet --no-save -e '${code}'`;

export const rRecipe: Recipe = {
  name: 'R',
  kinds: ['renv lockfile', 'R install script', 'R package DESCRIPTION'],
  install(environment) {
    const lock = namedFileOfKind(environment, 'renv lockfile', 'renv.lock');
    const script = namedFileOfKind(environment, 'R install script', 'install.R');
    const description = namedFileOfKind(environment, 'R package DESCRIPTION', 'DESCRIPTION');
    if (lock === undefined && script === undefined && description === undefined) return undefined;
    const lines = [
      `# R packages go to ${R_LIBRARY}, first on R's library path for every later step and the command`,
      `RUN mkdir -p ${R_LIBRARY}`,
      `ENV R_LIBS_USER=${R_LIBRARY} R_LIBS_SITE=${R_LIBRARY} RENV_CONFIG_AUTOLOADER_ENABLED=FALSE`,
    ];
    if (lock !== undefined)
      lines.push(
        `# Dependencies: exactly the versions in ${lock}`,
        `RUN ${rCommand(`install.packages("renv", repos = "${CRAN}"); renv::restore(lockfile = "${lock}", library = "${R_LIBRARY}", prompt = FALSE)`)}`,
      );
    else if (description !== undefined)
      lines.push(
        `# Dependencies: the packages ${description} imports`,
        `RUN ${rCommand(`install.packages("remotes", repos = "${CRAN}"); remotes::install_deps(".", dependencies = TRUE, upgrade = "never", repos = "${CRAN}")`)}`,
      );
    if (script !== undefined) lines.push(`# The author's own install script (${script})`, `RUN Rscript ${script}`);
    return lines;
  },
};
