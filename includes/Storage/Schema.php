<?php
/**
 * The plugin's own tables, created and upgraded in one place with dbDelta and a schema version (option
 * cart_sessions_db_version). maybe_upgrade() runs on admin_init, rest_api_init and on activation, and before
 * anything writes to a table (a cron event can come before the first admin page view after an update); it costs
 * one autoloaded option read when nothing changed.
 *
 *   Schema::table( 'snapshots' )  → "{prefix}cart_sessions_snapshots"
 *   Schema::tables()              → every table's prefixed name (uninstall drops them)
 *   Schema::page( 'runs', ... )   → a page of a table, newest first, as the list routes answer
 *
 * Tables (times are UTC DATETIMEs):
 *  - snapshots (insights) one row per UTC day (day unique) with the Overview's numbers (Insights\History),
 *    taken_at. Numbers that were not known that day (the store's list was too big for its memory,
 *    docs/cocart-api.md#measured) are NULL.
 *  - runs  (cleanup) one row per cleanup run: trigger, user, rule, counts, failures, duration, status, and the
 *          run's work list (state) while it runs, and position: the batch a driver has claimed (Runs::claim);
 *  - audit (cleanup) one row per cart deleted (or attempted) from any path: the browser (single, selection,
 *          filter) or a cleanup run.
 *  - details (sessions) one row per cart of a store (store: the hash Sessions\DetailCache::for_store() gives,
 *          cart_key exact bytes): what the cart's detail said at the expiry it had (stamp): item count (as JSON,
 *          so 2 and 2.5 come back as they went in), total, product lines, or the store's error and when to try
 *          again (retry_at, a Unix time).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Storage;

final class Schema {

	/** Bump when a definition below changes; dbDelta then brings existing tables in line. */
	public const VERSION = '4';

	public const OPTION = 'cart_sessions_db_version';

	/** Short name => table name without the WordPress prefix. */
	private const NAMES = array(
		'snapshots' => 'cart_sessions_snapshots',
		'runs'      => 'cart_sessions_runs',
		'audit'     => 'cart_sessions_audit',
		'details'   => 'cart_sessions_details',
	);

	public function register(): void {
		add_action( 'admin_init', array( self::class, 'maybe_upgrade' ) );
		// REST requests do not run admin_init; a plugin updated by copying files must not answer with a 500.
		add_action( 'rest_api_init', array( self::class, 'maybe_upgrade' ) );
	}

	/**
	 * A page of one of our tables, newest first, as our list routes answer it (the CleanupController sends
	 * total and total_pages as X-WP-Total and X-WP-TotalPages too).
	 *
	 * @param string                   $name      One of our tables ('runs', 'audit').
	 * @param array<string,int|string> $equal     Column => the value rows must have (column names come from code).
	 * @param callable                 $to_public One row (as an associative array) => what the route returns for it.
	 * @return array{items:array<int,mixed>,total:int,total_pages:int,page:int,per_page:int}
	 */
	public static function page( string $name, array $equal, int $page, int $per_page, callable $to_public ): array {
		global $wpdb;
		$table    = self::table( $name );
		$page     = max( 1, $page );
		$per_page = max( 1, min( 100, $per_page ) );
		$where    = '1=1';
		$params   = array();
		foreach ( $equal as $column => $value ) {
			$where   .= " AND {$column} = " . ( is_int( $value ) ? '%d' : '%s' );
			$params[] = $value;
		}
		$count = "SELECT COUNT(*) FROM {$table} WHERE {$where}";
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$total = (int) $wpdb->get_var( $params ? $wpdb->prepare( $count, $params ) : $count );
		$rows  = $wpdb->get_results(
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our table, our placeholders.
				"SELECT * FROM {$table} WHERE {$where} ORDER BY id DESC LIMIT %d OFFSET %d",
				array_merge( $params, array( $per_page, ( $page - 1 ) * $per_page ) )
			),
			ARRAY_A
		);
		return array(
			'items'       => array_map( $to_public, (array) $rows ),
			'total'       => $total,
			'total_pages' => (int) ceil( $total / $per_page ),
			'page'        => $page,
			'per_page'    => $per_page,
		);
	}

	/**
	 * The prefixed name of one of our tables.
	 *
	 * @throws \InvalidArgumentException For a name that is not one of ours.
	 */
	public static function table( string $name ): string {
		global $wpdb;
		if ( ! isset( self::NAMES[ $name ] ) ) {
			$known = implode( ', ', array_keys( self::NAMES ) );
			throw new \InvalidArgumentException( "No table '$name'; one of: " . $known );
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
			'runs'      => implode(
				",\n",
				array(
					'id bigint(20) unsigned NOT NULL AUTO_INCREMENT',
					'started_at datetime NOT NULL',
					'finished_at datetime NULL',
					"trigger_type varchar(20) NOT NULL DEFAULT 'manual'",
					'user_id bigint(20) unsigned NOT NULL DEFAULT 0',
					'rule text NOT NULL',
					"status varchar(20) NOT NULL DEFAULT 'running'",
					'bulk tinyint(1) NOT NULL DEFAULT 0',
					'found int(10) unsigned NOT NULL DEFAULT 0',
					'deleted int(10) unsigned NOT NULL DEFAULT 0',
					'skipped int(10) unsigned NOT NULL DEFAULT 0',
					'failed int(10) unsigned NOT NULL DEFAULT 0',
					'failures longtext NULL',
					'duration_ms bigint(20) unsigned NOT NULL DEFAULT 0',
					'export_file varchar(100) NULL',
					'state longtext NULL',
					'position int(10) unsigned NOT NULL DEFAULT 0',
					'PRIMARY KEY  (id)',
					'KEY started_at (started_at)',
					'KEY status (status)',
				)
			),
			'audit'     => implode(
				",\n",
				array(
					'id bigint(20) unsigned NOT NULL AUTO_INCREMENT',
					'created_at datetime NOT NULL',
					'user_id bigint(20) unsigned NOT NULL DEFAULT 0',
					"cart_key varchar(64) NOT NULL DEFAULT ''",
					"context varchar(20) NOT NULL DEFAULT ''",
					"result varchar(20) NOT NULL DEFAULT ''",
					'run_id bigint(20) unsigned NULL',
					'message text NULL',
					'PRIMARY KEY  (id)',
					'KEY created_at (created_at)',
					'KEY run_id (run_id)',
				)
			),
			'details'   => implode(
				",\n",
				array(
					'store char(32) NOT NULL',
					'cart_key varbinary(191) NOT NULL',
					'stamp varchar(32) NOT NULL',
					'item_count varchar(32) NULL',
					'total varchar(64) NULL',
					'error text NULL',
					'retry_at int(10) unsigned NOT NULL DEFAULT 0',
					'products longtext NULL',
					'PRIMARY KEY  (store,cart_key)',
				)
			),
		);
	}
}
