<?php
/**
 * GET cart-sessions/v1/export: a CSV of every cart matching the Sessions browser's filter (its filter arguments,
 * orderby and order — the same arguments, checked the same way, as GET sessions), downloaded as
 * cart-sessions-<date>.csv. The browser opens it as a plain link with the wp_rest nonce as _wpnonce.
 *
 * The route's callback fetches the list (so "not set up", "store too big" and upstream failures are ordinary
 * JSON errors) and answers a CsvExport; serve() then streams it to php://output instead of JSON-encoding it
 * (rest_pre_serve_request), after WordPress has sent the response's status and headers.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Insights\CsvExport;
use CartSessions\Sessions\Service;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class ExportController {

	private const ARGS = array( 'orderby', 'order' );

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
		add_filter( 'rest_pre_serve_request', array( $this, 'serve' ), 10, 2 );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/export',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'export' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array_intersect_key(
					SessionsController::list_args(),
					array_flip( array_merge( SessionsController::FILTER_ARGS, self::ARGS ) )
				),
			)
		);
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function export( WP_REST_Request $request ) {
		$service = new Service();
		$all     = $service->all_rows( false );
		if ( $all instanceof WP_Error ) {
			return $all;
		}
		$export   = new CsvExport(
			$service,
			$all['rows'],
			SessionsController::filter_from( $request ),
			(string) $request['orderby'],
			(string) $request['order'],
			$all['currency']
		);
		$response = new WP_REST_Response( $export, 200 );
		$response->header( 'Content-Type', 'text/csv; charset=utf-8' );
		$response->header( 'Content-Disposition', 'attachment; filename="' . CsvExport::filename() . '"' );
		$response->header( 'Cache-Control', 'no-store, private' );
		$response->header( 'X-Content-Type-Options', 'nosniff' );
		return $response;
	}

	/**
	 * rest_pre_serve_request: streams a CsvExport answer instead of JSON.
	 *
	 * @param bool  $served
	 * @param mixed $result
	 */
	public function serve( $served, $result ): bool {
		if ( $served || ! $result instanceof WP_REST_Response || ! $result->get_data() instanceof CsvExport ) {
			return (bool) $served;
		}
		$out = fopen( 'php://output', 'wb' );
		if ( false === $out ) {
			return false;
		}
		$result->get_data()->send( $out );
		fclose( $out );
		return true;
	}
}
