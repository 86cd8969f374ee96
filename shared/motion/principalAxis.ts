// The wrist's main direction of movement, followed sample by sample: gravity removed by a slow
// per-axis mean, then the slowly varying offset a turning wrist leaves, then a running
// covariance with one power iteration per sample. Projecting onto that axis is
// rotation-invariant and keeps the sign of the movement (unlike the magnitude). Shared by the
// rep counter and the cadence estimator; fixed memory, no allocation per sample.
export class PrincipalAxis {
  private started = false;
  private gx = 0;
  private gy = 0;
  private gz = 0;
  private mx = 0;
  private my = 0;
  private mz = 0;
  private readonly c = new Float64Array(6); // covariance xx yy zz xy xz yz
  private vx = 1;
  private vy = 0;
  private vz = 0;

  /**
   * @param aG smoothing of the gravity estimate per grid sample
   * @param aM smoothing of the residual offset
   * @param aC smoothing of the covariance (how fast the axis follows a change of grip)
   */
  constructor(private readonly aG: number, private readonly aM: number, private readonly aC: number) {}

  reset(): void {
    this.started = false;
    this.c.fill(0);
    this.mx = 0;
    this.my = 0;
    this.mz = 0;
    this.vx = 1;
    this.vy = 0;
    this.vz = 0;
  }

  /** Feeds one grid sample (m/s^2) and returns its component along the principal axis. */
  project(x: number, y: number, z: number): number {
    if (!this.started) {
      this.started = true;
      this.gx = x;
      this.gy = y;
      this.gz = z;
    }
    const aG = this.aG;
    this.gx += aG * (x - this.gx);
    this.gy += aG * (y - this.gy);
    this.gz += aG * (z - this.gz);
    const aM = this.aM;
    this.mx += aM * (x - this.gx - this.mx);
    this.my += aM * (y - this.gy - this.my);
    this.mz += aM * (z - this.gz - this.mz);
    const dx = x - this.gx - this.mx;
    const dy = y - this.gy - this.my;
    const dz = z - this.gz - this.mz;
    const c = this.c;
    const aC = this.aC;
    c[0] += aC * (dx * dx - c[0]);
    c[1] += aC * (dy * dy - c[1]);
    c[2] += aC * (dz * dz - c[2]);
    c[3] += aC * (dx * dy - c[3]);
    c[4] += aC * (dx * dz - c[4]);
    c[5] += aC * (dy * dz - c[5]);
    const nx = c[0] * this.vx + c[3] * this.vy + c[4] * this.vz;
    const ny = c[3] * this.vx + c[1] * this.vy + c[5] * this.vz;
    const nz = c[4] * this.vx + c[5] * this.vy + c[2] * this.vz;
    const norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (norm > 1e-12) {
      this.vx = nx / norm;
      this.vy = ny / norm;
      this.vz = nz / norm;
    }
    return dx * this.vx + dy * this.vy + dz * this.vz;
  }
}
