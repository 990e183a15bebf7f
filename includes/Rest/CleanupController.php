<?php
/**
 * The cleanup routes of cart-sessions/v1 (the Cleanup tab, src/api/cleanup.ts; the lead's contract):
 *
 *   GET  cleanup/preview             rule fields as query args + page, per_page → {count, value_total, currency,
 *                                    bulk, items, total, total_pages, page, per_page, details_pending, list_available}
 *   POST cleanup/run                 {rule, export} → 201 {run} (running) | 409 cart_sessions_cleanup_locked
 *   POST cleanup/runs/<id>/step      one bounded batch → {run}
 *   POST cleanup/runs/<id>/cancel    → {run}
 *   GET  cleanup/runs                page, per_page → {items: [run], total, total_pages, page, per_page,
 *                                    can_delete, can_delete_reason (a read-only key: why runs are refused)}
 *   GET  cleanup/runs/<id>           → run
 *   GET  cleanup/runs/<id>/export    the JSON export of the carts the run deleted (a download)
 *   GET  cleanup/schedule            → {enabled, hour, rule, next_run, cron_warning, timezone}
 *   POST cleanup/schedule            {enabled, hour, rule} → the same
 *   GET  audit                       page, per_page, run_id, result → {items, total, total_pages, page, per_page}
 *
 * The rule: {expired_days: 0–3650 (default 30), empty_only, source: ''|cocart|woocommerce|other, max_total:
 * decimal string|null, keep_with_email}. Every argument is declared, so bad input is a 400 naming the field.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Cleanup\Audit;
use CartSessions\Cleanup\Export;
use CartSessions\Cleanup\Preview;
use CartSessions\Cleanup\Rule;
use CartSessions\Cleanup\Runner;
use CartSessions\Cleanup\Runs;
use CartSessions\Cleanup\Schedule;
use CartSessions\Sessions\Query;
use CartSessions\Sessions\Service;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class CleanupController {

	public const MONEY_ARG_PATTERN = '^([0-9]{1,12}(\.[0-9]{1,8})?)?$';

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		$ns   = Permission::NAMESPACE;
		$perm = array( Permission::class, 'check' );
		register_rest_route(
			$ns,
			'/cleanup/preview',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'preview' ),
				'permission_callback' => $perm,
				'args'                => self::with_callbacks( self::rule_fields() + self::paging() ),
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/run',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'run' ),
				'permission_callback' => $perm,
				'args'                => self::with_callbacks(
					array(
						'rule'   => self::rule_schema(),
						'export' => array(
							'description' => __(
								'Write the carts to a JSON file just before they are deleted.',
								'cart-sessions-for-cocart'
							),
							'type'    => 'boolean',
							'default' => false,
						),
					)
				),
			)
		);
		// The run number is checked in the callbacks (run_id()), after the permission check: a visitor gets 401
		// whatever the path says, a bad number a 400 naming id.
		$id = array(
			'id' => array(
				'description' => __( 'The run number.', 'cart-sessions-for-cocart' ),
				'type'        => 'string',
			),
		);
		register_rest_route(
			$ns,
			'/cleanup/runs/(?P<id>[^/]+)/step',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'step' ),
				'permission_callback' => $perm,
				'args'                => $id,
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/runs/(?P<id>[^/]+)/cancel',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'cancel' ),
				'permission_callback' => $perm,
				'args'                => $id,
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/runs/(?P<id>[^/]+)/export',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'export' ),
				'permission_callback' => $perm,
				'args'                => $id,
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/runs/(?P<id>[^/]+)',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_run' ),
				'permission_callback' => $perm,
				'args'                => $id,
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/runs',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'runs' ),
				'permission_callback' => $perm,
				'args'                => self::with_callbacks( self::paging() ),
			)
		);
		register_rest_route(
			$ns,
			'/cleanup/schedule',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_schedule' ),
					'permission_callback' => $perm,
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'save_schedule' ),
					'permission_callback' => $perm,
					'args'                => self::with_callbacks(
						array(
							'enabled' => array(
								'description' => __( 'Run the cleanup every day.', 'cart-sessions-for-cocart' ),
								'type'        => 'boolean',
							),
							'hour'    => array(
								'description' => __(
									'The hour of the day (site timezone) to run it, 0–23.',
									'cart-sessions-for-cocart'
								),
								'type'    => 'integer',
								'minimum' => 0,
								'maximum' => 23,
							),
							'rule'    => self::rule_schema(),
						)
					),
				),
			)
		);
		register_rest_route(
			$ns,
			'/audit',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'audit' ),
				'permission_callback' => $perm,
				'args'                => self::with_callbacks(
					self::paging() + array(
						'run_id' => array(
							'description' => __( 'Only the carts of this cleanup run.', 'cart-sessions-for-cocart' ),
							'type'        => 'integer',
							'minimum'     => 1,
						),
						'result' => array(
							'description' => __( 'Only this result.', 'cart-sessions-for-cocart' ),
							'type'        => 'string',
							'enum'        => array( 'deleted', 'not_found', 'failed', 'link_copied', 'link_emailed' ),
						),
					)
				),
			)
		);
	}

	public function preview( WP_REST_Request $request ) {
		$rule = Rule::from_array(
			array(
				'expired_days'    => (int) $request['expired_days'],
				'empty_only'      => (bool) $request['empty_only'],
				'source'          => (string) $request['source'],
				'max_total'       => '' === (string) $request['max_total'] ? null : (string) $request['max_total'],
				'keep_with_email' => (bool) $request['keep_with_email'],
			)
		);
		if ( $rule instanceof WP_Error ) {
			return $rule;
		}
		$result = ( new Preview() )->run( $rule, (int) $request['page'], (int) $request['per_page'] );
		if ( $result instanceof WP_Error ) {
			return $result;
		}
		$response = new WP_REST_Response( $result, 200 );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) $result['total_pages'] );
		return $response;
	}

	public function run( WP_REST_Request $request ) {
		$missing = self::missing( $request, array( 'rule' ) );
		if ( null !== $missing ) {
			return $missing;
		}
		$rule = Rule::from_array( self::rule_input( $request['rule'] ) );
		if ( $rule instanceof WP_Error ) {
			return $rule;
		}
		$run = ( new Runner() )->start( $rule, 'manual', get_current_user_id(), (bool) $request['export'] );
		if ( $run instanceof WP_Error ) {
			return $run;
		}
		return new WP_REST_Response(
			array( 'run' => Runs::to_public( $run, array( self::class, 'export_url' ) ) ),
			201
		);
	}

	public function step( WP_REST_Request $request ) {
		return self::act_on_run(
			$request,
			static function ( int $id ) {
				return ( new Runner() )->step( $id );
			}
		);
	}

	public function cancel( WP_REST_Request $request ) {
		return self::act_on_run(
			$request,
			static function ( int $id ) {
				return ( new Runner() )->cancel( $id );
			}
		);
	}

	public function get_run( WP_REST_Request $request ) {
		$id = self::run_id( $request );
		if ( $id instanceof WP_Error ) {
			return $id;
		}
		$run = Runs::get( $id );
		if ( null === $run ) {
			return self::no_run( $id );
		}
		return new WP_REST_Response( Runs::to_public( $run, array( self::class, 'export_url' ) ), 200 );
	}

	public function runs( WP_REST_Request $request ): WP_REST_Response {
		$response = self::paged( Runs::page(
			(int) $request['page'],
			(int) $request['per_page'],
			array( self::class, 'export_url' )
		) );
		// The tab opens with this request: whether a run can delete at all (a read-only key cannot).
		list( $can_delete, $why_not ) = ( new Service() )->delete_permission();
		$response->set_data( (array) $response->get_data() + array(
			'can_delete'        => $can_delete,
			'can_delete_reason' => $why_not,
		) );
		return $response;
	}

	/**
	 * Where a run's export is downloaded from (the export route below), for Runs::to_public().
	 */
	public static function export_url( int $run_id ): string {
		return rest_url( Permission::NAMESPACE . '/cleanup/runs/' . $run_id . '/export' );
	}

	/**
	 * The run's export, as a JSON download.
	 */
	public function export( WP_REST_Request $request ) {
		$id = self::run_id( $request );
		if ( $id instanceof WP_Error ) {
			return $id;
		}
		$run = Runs::get( $id );
		if ( null === $run ) {
			return self::no_run( $id );
		}
		if ( null === $run['export_file'] || ! is_file( Export::path( (string) $run['export_file'] ) ) ) {
			return new WP_Error(
				'cart_sessions_no_export',
				__(
					'This run has no export (it was not asked for, or it has been pruned).',
					'cart-sessions-for-cocart'
				),
				array( 'status' => 404 )
			);
		}
		if ( 'running' === $run['status'] ) {
			return new WP_Error(
				'cart_sessions_export_not_ready',
				__( 'The export is complete when the run ends. Download it then.', 'cart-sessions-for-cocart' ),
				array( 'status' => 409 )
			);
		}
		// phpcs:ignore WordPress.WP.AlternativeFunctions
		$rows = json_decode( (string) file_get_contents( Export::path( (string) $run['export_file'] ) ), true );
		if ( ! is_array( $rows ) ) {
			return new WP_Error(
				'cart_sessions_export_broken',
				__( 'The export file could not be read.', 'cart-sessions-for-cocart' ),
				array( 'status' => 500 )
			);
		}
		$response = new WP_REST_Response( $rows, 200 );
		$response->header(
			'Content-Disposition',
			'attachment; filename="cart-sessions-cleanup-run-' . $run['id'] . '.json"'
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	public function get_schedule(): WP_REST_Response {
		return new WP_REST_Response( Schedule::state(), 200 );
	}

	public function save_schedule( WP_REST_Request $request ) {
		$missing = self::missing( $request, array( 'enabled', 'hour', 'rule' ) );
		if ( null !== $missing ) {
			return $missing;
		}
		$saved = Schedule::save(
			array(
				'enabled' => (bool) $request['enabled'],
				'hour'    => (int) $request['hour'],
				'rule'    => self::rule_input( $request['rule'] ),
			)
		);
		return $saved instanceof WP_Error ? $saved : new WP_REST_Response( Schedule::state(), 200 );
	}

	public function audit( WP_REST_Request $request ): WP_REST_Response {
		return self::paged(
			Audit::page(
				array(
					'page'     => (int) $request['page'],
					'per_page' => (int) $request['per_page'],
					'run_id'   => null === $request['run_id'] ? null : (int) $request['run_id'],
					'result'   => (string) $request['result'],
				)
			)
		);
	}

	/**
	 * The rule object as sent (already checked against rule_schema()); an empty max_total means "any value".
	 *
	 * @param mixed $rule
	 * @return array<string,mixed>
	 */
	private static function rule_input( $rule ): array {
		$rule = is_array( $rule ) ? $rule : array();
		if ( array_key_exists( 'max_total', $rule ) && '' === $rule['max_total'] ) {
			$rule['max_total'] = null;
		}
		return $rule;
	}

	/**
	 * Required arguments are checked here, not with 'required' in the schema: WordPress checks those before the
	 * permission callback, and a visitor must get 401, not a list of what to send.
	 *
	 * @param string[] $names
	 */
	private static function missing( WP_REST_Request $request, array $names ): ?WP_Error {
		$missing = array_values(
			array_filter(
				$names,
				static function ( string $name ) use ( $request ): bool {
					return null === $request[ $name ];
				}
			)
		);
		if ( array() === $missing ) {
			return null;
		}
		return new WP_Error(
			'rest_missing_callback_param',
			/* translators: %s: parameter names */
			sprintf( __( 'Missing parameter(s): %s', 'cart-sessions-for-cocart' ), implode( ', ', $missing ) ),
			array(
				'status' => 400,
				'params' => $missing,
			)
		);
	}

	/**
	 * A page (Schema::page()) as the response, with WordPress's paging headers.
	 *
	 * @param array{items:array<int,mixed>,total:int,total_pages:int,page:int,per_page:int} $page
	 */
	private static function paged( array $page ): WP_REST_Response {
		$response = new WP_REST_Response( $page, 200 );
		$response->header( 'X-WP-Total', (string) $page['total'] );
		$response->header( 'X-WP-TotalPages', (string) $page['total_pages'] );
		return $response;
	}

	/**
	 * Step or cancel: the run number from the path, the action, and the run as {run} (or the action's error).
	 *
	 * @param callable(int):(array<string,mixed>|WP_Error) $action
	 * @return WP_REST_Response|WP_Error
	 */
	private static function act_on_run( WP_REST_Request $request, callable $action ) {
		$id = self::run_id( $request );
		if ( $id instanceof WP_Error ) {
			return $id;
		}
		$run = $action( $id );
		return $run instanceof WP_Error
			? $run
			: new WP_REST_Response(
				array( 'run' => Runs::to_public( $run, array( self::class, 'export_url' ) ) ),
				200
			);
	}

	/**
	 * The run number from the path: 1 to 2^53, digits only.
	 *
	 * @return int|WP_Error
	 */
	private static function run_id( WP_REST_Request $request ) {
		$id = (string) $request['id'];
		if ( 1 !== preg_match( '/^[1-9][0-9]{0,15}$/D', $id ) ) {
			$message = __( 'id must be a run number (1 or more).', 'cart-sessions-for-cocart' );
			return new WP_Error(
				'rest_invalid_param',
				$message,
				array( 'status' => 400, 'params' => array( 'id' => $message ) )
			);
		}
		return (int) $id;
	}

	private static function no_run( int $id ): WP_Error {
		return new WP_Error(
			'cart_sessions_run_not_found',
			/* translators: %d: run number */
			sprintf( __( 'There is no cleanup run #%d.', 'cart-sessions-for-cocart' ), $id ),
			array( 'status' => 404 )
		);
	}

	/**
	 * The rule's fields as query arguments (the preview).
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private static function rule_fields(): array {
		return array(
			'expired_days'    => array(
				'description' => __(
					'Carts that expired more than this many days ago (0: every expired cart).',
					'cart-sessions-for-cocart'
				),
				'type'    => 'integer',
				'minimum' => 0,
				'maximum' => Rule::MAX_DAYS,
				'default' => Rule::DEFAULT_DAYS,
			),
			'empty_only'      => array(
				'description' => __( 'Only carts with no items.', 'cart-sessions-for-cocart' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'source'          => array(
				'description' => __( 'Only carts from this source (empty: any).', 'cart-sessions-for-cocart' ),
				'type'        => 'string',
				'enum'        => array_merge( array( '' ), Query::SOURCES ),
				'default'     => '',
			),
			'max_total'       => array(
				'description' => __(
					'Only carts whose total is below this amount (empty: any).',
					'cart-sessions-for-cocart'
				),
				'type'    => 'string',
				'pattern' => self::MONEY_ARG_PATTERN,
				'default' => '',
			),
			'keep_with_email' => array(
				'description' => __( 'Keep carts that have a customer email.', 'cart-sessions-for-cocart' ),
				'type'        => 'boolean',
				'default'     => false,
			),
		);
	}

	/**
	 * The rule as a JSON object (run, schedule).
	 *
	 * @return array<string,mixed>
	 */
	private static function rule_schema(): array {
		$properties = self::rule_fields();
		foreach ( $properties as &$property ) {
			unset( $property['default'] );
		}
		unset( $property );
		$properties['max_total']['type'] = array( 'string', 'null' );
		return array(
			'description'          => __( 'The cleanup rule.', 'cart-sessions-for-cocart' ),
			'type'                 => 'object',
			'properties'           => $properties,
			'additionalProperties' => false,
		);
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	private static function paging(): array {
		return array(
			'page'     => array(
				'description' => __( 'Page number, from 1.', 'cart-sessions-for-cocart' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 1000000,
				'default'     => 1,
			),
			'per_page' => array(
				'description' => __( 'Rows per page (1–100).', 'cart-sessions-for-cocart' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100,
				'default'     => 20,
			),
		);
	}

	/**
	 * @param array<string,array<string,mixed>> $args
	 * @return array<string,array<string,mixed>>
	 */
	private static function with_callbacks( array $args ): array {
		foreach ( $args as &$arg ) {
			$arg += array(
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_request_arg',
			);
		}
		return $args;
	}
}
