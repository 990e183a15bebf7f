<?php
/**
 * The plugin's own tables, created and upgraded in one place with dbDelta and a schema version
 * (option cart_sessions_db_version). maybe_upgrade() runs on admin_init, rest_api_init and on activation; it
 * costs one autoloaded option read when nothing changed.
 *
 *   Schema::table( 'runs' )  → "{prefix}cart_sessions_runs"
 *   Schema::tables()         → every table name (uninstall.php drops them all)
 *
 * Tables:
 *  - runs  (cleanup) one row per cleanup run: trigger, user, rule, counts, failures, duration, status, and the
 *          run's work list (state) while it runs;
 *  - audit (cleanup) one row per cart deleted (or attempted) from any path: the browser (single, selection,
 *          filter) or a cleanup run.
 * Times are UTC DATETIMEs.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Storage;

final class Schema {

	public const VERSION = '1';
	public const OPTION  = 'cart_sessions_db_version';

	/** Short name => table suffix after "{prefix}cart_sessions_". */
	private const NAMES = array(
		'runs'  => 'runs',
		'audit' => 'audit',
	);

	public function register(): void {
		add_action( 'admin_init', array( self::class, 'maybe_upgrade' ) );
		// REST requests do not run admin_init; a plugin updated by copying files must not answer with a 500.
		add_action( 'rest_api_init', array( self::class, 'maybe_upgrade' ) );
	}

	/**
	 * The prefixed name of one of our tables.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		if ( ! isset( self::NAMES[ $name ] ) ) {
			throw new \InvalidArgumentException( "Unknown table '$name'" );
		}
		return $wpdb->prefix . 'cart_sessions_' . self::NAMES[ $name ];
	}

	/**
	 * Every table of ours, prefixed.
	 *
	 * @return string[]
	 */
	public static function tables(): array {
		return array_map( array( self::class, 'table' ), array_keys( self::NAMES ) );
	}

	/**
	 * Creates or upgrades the tables when the stored schema version is not ours.
	 */
	public static function maybe_upgrade(): void {
		if ( self::VERSION === get_option( self::OPTION ) ) {
			return;
		}
		self::install();
	}

	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();
		$runs    = self::table( 'runs' );
		$audit   = self::table( 'audit' );
		// dbDelta's format: two spaces after PRIMARY KEY, one field per line, KEY not INDEX.
		dbDelta(
			"CREATE TABLE {$runs} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  started_at datetime NOT NULL,
  finished_at datetime NULL,
  trigger_type varchar(20) NOT NULL DEFAULT 'manual',
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  rule text NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'running',
  bulk tinyint(1) NOT NULL DEFAULT 0,
  found int(10) unsigned NOT NULL DEFAULT 0,
  deleted int(10) unsigned NOT NULL DEFAULT 0,
  skipped int(10) unsigned NOT NULL DEFAULT 0,
  failed int(10) unsigned NOT NULL DEFAULT 0,
  failures longtext NULL,
  duration_ms bigint(20) unsigned NOT NULL DEFAULT 0,
  export_file varchar(100) NULL,
  state longtext NULL,
  PRIMARY KEY  (id),
  KEY started_at (started_at),
  KEY status (status)
) {$collate};
CREATE TABLE {$audit} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  created_at datetime NOT NULL,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  cart_key varchar(64) NOT NULL DEFAULT '',
  context varchar(20) NOT NULL DEFAULT '',
  result varchar(20) NOT NULL DEFAULT '',
  run_id bigint(20) unsigned NULL,
  message text NULL,
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY run_id (run_id)
) {$collate};"
		);
		update_option( self::OPTION, self::VERSION, true );
	}
}
