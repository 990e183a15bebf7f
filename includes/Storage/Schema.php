<?php
/**
 * The plugin's own tables, created and upgraded in one place with dbDelta and a schema version (option
 * cart_sessions_db_version). maybe_upgrade() runs on admin_init and on activation, and before anything writes to
 * a table (a cron event can come before the first admin page view after an update).
 *
 *   Schema::table( 'snapshots' )  → "{prefix}cart_sessions_snapshots"
 *   Schema::tables()              → every table's prefixed name (uninstall drops them)
 *
 * Tables:
 *  - snapshots: one row per UTC day (day unique) with the Overview's numbers (Insights\History), taken_at UTC.
 *    Numbers that were not known that day (the store's list was too big, §9) are NULL.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Storage;

final class Schema {

	/** Bump when a definition below changes; dbDelta then brings existing tables in line. */
	public const VERSION = '1';

	public const OPTION = 'cart_sessions_db_version';

	/** Short name => table name without the WordPress prefix. */
	private const NAMES = array(
		'snapshots' => 'cart_sessions_snapshots',
	);

	public function register(): void {
		add_action( 'admin_init', array( self::class, 'maybe_upgrade' ) );
	}

	/**
	 * The prefixed name of one of our tables.
	 *
	 * @throws \InvalidArgumentException For a name that is not one of ours.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		if ( ! isset( self::NAMES[ $name ] ) ) {
			throw new \InvalidArgumentException( "No table '$name'; one of: " . implode( ', ', array_keys( self::NAMES ) ) );
		}
		return $wpdb->prefix . self::NAMES[ $name ];
	}

	/**
	 * Every table's prefixed name.
	 *
	 * @return string[]
	 */
	public static function tables(): array {
		return array_map( array( self::class, 'table' ), array_keys( self::NAMES ) );
	}

	/**
	 * Creates or upgrades the tables when the stored schema version is not this one.
	 */
	public static function maybe_upgrade(): void {
		if ( self::VERSION === get_option( self::OPTION ) ) {
			return;
		}
		self::install();
	}

	/**
	 * Runs dbDelta for every table (safe to run again) and records the version.
	 */
	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();
		foreach ( self::definitions() as $name => $columns ) {
			dbDelta( 'CREATE TABLE ' . self::table( $name ) . " (\n" . $columns . "\n) " . $collate . ';' );
		}
		update_option( self::OPTION, self::VERSION, true );
	}

	/**
	 * Column and key definitions, in dbDelta's format (one per line, two spaces after PRIMARY KEY).
	 *
	 * @return array<string,string>
	 */
	private static function definitions(): array {
		return array(
			'snapshots' => implode(
				",\n",
				array(
					'id bigint(20) unsigned NOT NULL AUTO_INCREMENT',
					'day date NOT NULL',
					'carts int(10) unsigned NOT NULL DEFAULT 0',
					'active int(10) unsigned NULL',
					'expiring int(10) unsigned NULL',
					'expired int(10) unsigned NULL',
					'with_items int(10) unsigned NULL',
					'empty_carts int(10) unsigned NULL',
					'value_total decimal(20,4) NULL',
					'avg_items decimal(10,2) NULL',
					'source_cocart int(10) unsigned NULL',
					'source_woocommerce int(10) unsigned NULL',
					'source_other int(10) unsigned NULL',
					'value_expiring_6h decimal(20,4) NULL',
					'value_expiring_24h decimal(20,4) NULL',
					"currency varchar(10) NOT NULL DEFAULT ''",
					'decimals tinyint(3) unsigned NOT NULL DEFAULT 2',
					'complete tinyint(1) unsigned NOT NULL DEFAULT 1',
					'taken_at datetime NOT NULL',
					'PRIMARY KEY  (id)',
					'UNIQUE KEY day (day)',
				)
			),
		);
	}
}
