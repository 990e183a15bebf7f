<?php
/**
 * What uninstalling removes from one site, by exact name only — never a LIKE 'cart_sessions_%' that could take
 * another plugin's option along, and never a flush of the whole object cache (on a site with a persistent cache
 * that empties every other plugin's cache and sessions too): each of our options and transients is deleted
 * through the Options API, which drops its own cache entry.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions;

use CartSessions\Cleanup\Export;
use CartSessions\Cleanup\Lock;
use CartSessions\Cleanup\Schedule;
use CartSessions\CoCart\DebugLog;
use CartSessions\CoCart\Doctor;
use CartSessions\CoCart\InProcess;
use CartSessions\Credentials\ConnectTokens;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CartSessions\Insights\Stats;
use CartSessions\Privacy\Retention;
use CartSessions\Rest\CallbackLimit;
use CartSessions\Sessions\DeletePermission;
use CartSessions\Sessions\DetailCache;
use CartSessions\Sessions\KeyOwner;
use CartSessions\Sessions\ListCache;
use CartSessions\Sessions\RestoreLink;
use CartSessions\Storage\Schema;

final class Uninstall {

	/** Every option the plugin writes. */
	public const OPTIONS = array(
		Settings::OPTION,
		Settings::STATE_OPTION,
		Schema::OPTION,
		Doctor::STORE_INFO_OPTION,
		DebugLog::OPTION,
		Stats::LOCK_OPTION,
		Retention::HISTORY_OPTION,
		Retention::AUDIT_OPTION,
		KeyOwner::OPTION,
		KeyOwner::TIMES_OPTION,
		RestoreLink::OPTION,
		DeletePermission::OPTION,
		Lock::OPTION,
		Schedule::OPTION,
		Schedule::CRON_SEEN,
		InProcess::USER_OPTION,
		SiteHealth::LAST_CHECK,
		ConnectTokens::OPTION,
		CallbackLimit::OPTION,
	);

	/** Transients with a fixed name. */
	public const TRANSIENTS = array( SiteHealth::CACHE );

	/** Transients named by a prefix and a hash (the list cache; the detail cache before it had a table). */
	public const TRANSIENT_PREFIXES = array( ListCache::PREFIX, DetailCache::LEGACY_TRANSIENT_PREFIX );

	/**
	 * Removes the plugin's tables, options, transients, events and exports from the current site.
	 */
	public static function site(): void {
		global $wpdb;
		foreach ( Schema::tables() as $table ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table names.
			$wpdb->query( "DROP TABLE IF EXISTS `{$table}`" );
		}
		foreach ( self::OPTIONS as $option ) {
			delete_option( $option );
		}
		$transients = self::TRANSIENTS;
		foreach ( self::TRANSIENT_PREFIXES as $prefix ) {
			$names = $wpdb->get_col(
				$wpdb->prepare(
					"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s",
					$wpdb->esc_like( '_transient_' . $prefix ) . '%'
				)
			);
			foreach ( $names as $name ) {
				$transients[] = substr( (string) $name, strlen( '_transient_' ) );
			}
		}
		foreach ( array_unique( $transients ) as $transient ) {
			delete_transient( $transient );
		}
		Schedule::unschedule_all();
		Export::remove_all();
	}
}
