<?php
/**
 * The optional JSON export of the carts a run deletes, written just before they are deleted: what the list and
 * the cached details said of each (key, customer, dates, source, item count, total). Files live in
 * uploads/cart-sessions-exports/ under an unguessable name (run id + 32 random characters), with an index.php and
 * a deny-all .htaccess beside them; they are served only through GET cleanup/runs/<id>/export, which checks the
 * capability. Pruned with the audit (cart_sessions_audit_retention_days): they hold customers' names and emails.
 *
 * The file is a JSON array written incrementally ("[" at the start, one row per line, "]" when the run ends).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\Privacy\Retention;
use CartSessions\Sessions\Service;

final class Export {

	public const DIR = 'cart-sessions-exports';

	public static function dir(): string {
		$uploads = wp_upload_dir( null, false );
		return trailingslashit( (string) $uploads['basedir'] ) . self::DIR;
	}

	/**
	 * Creates an empty export for a run; returns its file name (no path), or null when uploads is not writable.
	 */
	public static function create( int $run_id ): ?string {
		$dir = self::dir();
		if ( ! wp_mkdir_p( $dir ) ) {
			return null;
		}
		if ( ! is_file( $dir . '/index.php' ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions
			file_put_contents( $dir . '/index.php', "<?php\n// Silence is golden.\n" );
		}
		if ( ! is_file( $dir . '/.htaccess' ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions
			file_put_contents(
				$dir . '/.htaccess',
				"Require all denied\n<IfModule !mod_authz_core.c>\nDeny from all\n</IfModule>\n"
			);
		}
		$name = 'run-' . $run_id . '-' . wp_generate_password( 32, false ) . '.json';
		// phpcs:ignore WordPress.WP.AlternativeFunctions
		if ( false === file_put_contents( $dir . '/' . $name, '[' ) ) {
			return null;
		}
		return $name;
	}

	/**
	 * Appends rows; returns how many rows the file holds now.
	 *
	 * @param array<int,array<string,mixed>> $rows Normalised rows.
	 */
	public static function append( string $name, array $rows, int $written ): int {
		if ( array() === $rows ) {
			return $written;
		}
		$lines = array();
		$at    = gmdate( 'Y-m-d\TH:i:s\Z' );
		foreach ( $rows as $row ) {
			$lines[] = wp_json_encode(
				array( 'exported_at' => $at ) + Service::public_row( $row ),
				JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
			);
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions
		file_put_contents(
			self::path( $name ),
			( $written > 0 ? ",\n" : "\n" ) . implode( ",\n", $lines ),
			FILE_APPEND | LOCK_EX
		);
		return $written + count( $rows );
	}

	public static function close( string $name ): void {
		$path = self::path( $name );
		if ( is_file( $path ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions
			file_put_contents( $path, "\n]\n", FILE_APPEND | LOCK_EX );
		}
	}

	/**
	 * The file's path; the name is checked so it can never leave the exports folder.
	 */
	public static function path( string $name ): string {
		if ( 1 !== preg_match( '/^run-[0-9]+-[A-Za-z0-9]{32}\.json$/D', $name ) ) {
			return self::dir() . '/invalid';
		}
		return self::dir() . '/' . $name;
	}

	/**
	 * Deletes exports older than the audit's retention. Returns how many went.
	 */
	public static function prune( ?int $now = null ): int {
		$cutoff = ( $now ?? time() ) - Retention::audit_days() * DAY_IN_SECONDS;
		$gone   = 0;
		foreach ( (array) glob( self::dir() . '/run-*.json' ) as $file ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions
			if ( is_string( $file ) && filemtime( $file ) < $cutoff && unlink( $file ) ) {
				++$gone;
			}
		}
		return $gone;
	}

	/**
	 * Deletes the folder and every export (uninstall).
	 */
	public static function remove_all(): void {
		$dir = self::dir();
		if ( ! is_dir( $dir ) ) {
			return;
		}
		self::remove_tree( $dir );
	}

	/**
	 * Deletes a folder and everything in it, dotfiles and subfolders included; a symbolic link is removed, never
	 * followed.
	 */
	private static function remove_tree( string $dir ): void {
		foreach ( (array) scandir( $dir ) as $name ) {
			if ( ! is_string( $name ) || '.' === $name || '..' === $name ) {
				continue;
			}
			$path = $dir . '/' . $name;
			if ( is_dir( $path ) && ! is_link( $path ) ) {
				self::remove_tree( $path );
			} else {
				unlink( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions
			}
		}
		rmdir( $dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	}
}
