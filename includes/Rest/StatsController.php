<?php
/**
 * The Overview's routes of cart-sessions/v1 (src/api/stats.ts reads them):
 *
 *   GET stats            refresh (bool: fetch the list now), live (bool: the Overview's periodic refresh — the list
 *                        now, but never from a store remembered as too big for it) → the numbers (Insights\Stats);
 *                        while a first scan is unfinished, scan.done is false, the detail numbers count the
 *                        carts scanned so far, and the screen polls (each GET advances the scan by a few
 *                        seconds; WP-Cron continues it)
 *   GET stats/history    days (1–365, default 30) → {days: [{day: 'YYYY-MM-DD', carts, active, expiring, expired,
 *                        with_items, empty, value_total, avg_items, by_source, value_expiring_6h,
 *                        value_expiring_24h, currency, complete, taken_at}]}, oldest first, days with a snapshot only
 *
 * Errors are the Sessions routes' (409 not set up, 502/504 upstream, with data.fix); a store whose list is too big
 * is not an error here: 200 with available = false, the system_status counts and needs_list.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Insights\Cron;
use CartSessions\Insights\History;
use CartSessions\Insights\Stats;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class StatsController {

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/stats',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'stats' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(
					'refresh' => array(
						'description'       => __(
							'Fetch the list of carts from the store now instead of using the cached one.',
							'cart-sessions-for-cocart'
						),
						'type'              => 'boolean',
						'default'           => false,
						'validate_callback' => 'rest_validate_request_arg',
						'sanitize_callback' => 'rest_sanitize_request_arg',
					),
					'live'    => array(
						'description'       => __(
							'A live refresh: fetch the list now, but not from a store remembered as too big for it.',
							'cart-sessions-for-cocart'
						),
						'type'              => 'boolean',
						'default'           => false,
						'validate_callback' => 'rest_validate_request_arg',
						'sanitize_callback' => 'rest_sanitize_request_arg',
					),
				),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			'/stats/history',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'history' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(
					'days' => array(
						'description'       => __(
							'How many days back, today included (1–365).',
							'cart-sessions-for-cocart'
						),
						'type'              => 'integer',
						'minimum'           => 1,
						'maximum'           => History::MAX_DAYS,
						'default'           => 30,
						'validate_callback' => 'rest_validate_request_arg',
						'sanitize_callback' => 'rest_sanitize_request_arg',
					),
				),
			)
		);
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function stats( WP_REST_Request $request ) {
		$refresh = (bool) $request['refresh'];
		$stats   = ( new Stats() )->get( $refresh || (bool) $request['live'], Stats::budget( 'request' ), $refresh );
		if ( $stats instanceof WP_Error ) {
			return $stats;
		}
		if ( ! $stats['scan']['done'] ) {
			Cron::schedule_scan();
		} elseif ( ! $stats['stale'] && ! History::has_today() ) {
			History::record( $stats, false ); // Today's trend point even where WP-Cron does not run.
		}
		return new WP_REST_Response( $stats, 200 );
	}

	public function history( WP_REST_Request $request ): WP_REST_Response {
		return new WP_REST_Response( array( 'days' => History::days( (int) $request['days'] ) ), 200 );
	}
}
